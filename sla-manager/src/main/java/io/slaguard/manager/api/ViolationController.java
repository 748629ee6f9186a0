package io.slaguard.manager.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.slaguard.manager.store.AgreementRepository;
import io.slaguard.manager.store.ViolationRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

/** Stored violations, newest first, paged with {@code limit} and {@code offset}; the total in a header. */
@RestController
@Tag(name = "violations")
public class ViolationController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final String TOTAL_COUNT = Pages.TOTAL_COUNT;

    private final ViolationRepository violations;
    private final AgreementRepository agreements;
    private final JsonMapper json;

    public ViolationController(ViolationRepository violations, AgreementRepository agreements, JsonMapper json) {
        this.violations = violations;
        this.agreements = agreements;
        this.json = json;
    }

    @GetMapping(path = "/violations", produces = "application/json")
    @Operation(summary = "Violations filtered by agreement, guarantee, key and time (since, RFC 3339), newest first",
            description = "One page of at most `limit` violations (and at most 8 MiB) from `offset`. `X-Total-Count` says how many match"
                    + " over all pages; `Link` gives the next page (`rel=\"next\"`) while there is one.")
    @ApiResponse(responseCode = "200", description = "a page of violations", headers = {
            @Header(name = TOTAL_COUNT, description = "violations matching the filters, over all pages",
                    schema = @Schema(type = "integer")),
            @Header(name = HttpHeaders.LINK, description = "the next page, while there is one")})
    public ResponseEntity<List<ViolationView>> list(@RequestParam(required = false) String agreement,
                                                    @RequestParam(required = false) String guarantee,
                                                    @RequestParam(required = false) String key,
                                                    @RequestParam(required = false) String since,
                                                    @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                                                    @RequestParam(defaultValue = "0") int offset,
                                                    HttpServletRequest request) {
        Pages.checkBounds(limit, offset, MAX_LIMIT);
        ViolationRepository.Query query = new ViolationRepository.Query(agreement, guarantee, key, parseSince(since),
                limit, offset);
        List<ViolationView> found = violations.find(query).stream().map(ViolationView::of).toList();
        // a page that is not full, and not past the end, is the last one: the total needs no count
        boolean last = found.size() < limit && (!found.isEmpty() || offset == 0);
        long total = last ? offset + found.size() : violations.count(query);
        return Pages.answer(Pages.withinBudget(found, json), total, offset, limit, request);
    }

    @GetMapping(path = "/agreements/{id}/violations", produces = "application/json")
    @Operation(summary = "Violations of one agreement, newest first",
            description = "Paged like `/violations`, with the same `X-Total-Count` and `Link` headers.")
    public ResponseEntity<List<ViolationView>> ofAgreement(@PathVariable String id,
                                                           @RequestParam(required = false) String guarantee,
                                                           @RequestParam(required = false) String key,
                                                           @RequestParam(required = false) String since,
                                                           @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
                                                           @RequestParam(defaultValue = "0") int offset,
                                                           HttpServletRequest request) {
        if (agreements.find(id).isEmpty()) {
            throw ApiException.notFound("agreement", id);
        }
        return list(id, guarantee, key, since, limit, offset, request);
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
