package io.slaguard.manager.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.slaguard.manager.store.AgreementRepository;
import io.slaguard.manager.store.ViolationRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Stored violations, newest first, paged with {@code limit} and {@code offset}. */
@RestController
@Tag(name = "violations")
public class ViolationController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final ViolationRepository violations;
    private final AgreementRepository agreements;

    public ViolationController(ViolationRepository violations, AgreementRepository agreements) {
        this.violations = violations;
        this.agreements = agreements;
    }

    @GetMapping(path = "/violations", produces = "application/json")
    @Operation(summary = "Violations filtered by agreement, guarantee, key and time (since, RFC 3339), newest first")
    public List<ViolationView> list(@RequestParam(required = false) String agreement,
                                    @RequestParam(required = false) String guarantee,
                                    @RequestParam(required = false) String key,
                                    @RequestParam(required = false) String since,
                                    @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                                    @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw ApiException.badRequest("offset must not be negative");
        }
        return violations.find(new ViolationRepository.Query(agreement, guarantee, key, parseSince(since), limit, offset))
                .stream().map(ViolationView::of).toList();
    }

    @GetMapping(path = "/agreements/{id}/violations", produces = "application/json")
    @Operation(summary = "Violations of one agreement, newest first")
    public List<ViolationView> ofAgreement(@PathVariable String id,
                                           @RequestParam(required = false) String guarantee,
                                           @RequestParam(required = false) String key,
                                           @RequestParam(required = false) String since,
                                           @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                                           @RequestParam(defaultValue = "0") int offset) {
        if (agreements.find(id).isEmpty()) {
            throw ApiException.notFound("agreement", id);
        }
        return list(id, guarantee, key, since, limit, offset);
    }

    private static Instant parseSince(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(since).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("since must be an RFC 3339 time, e.g. 2026-01-01T00:00:00Z");
        }
    }
}
