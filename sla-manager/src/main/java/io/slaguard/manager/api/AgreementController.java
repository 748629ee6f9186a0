package io.slaguard.manager.api;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.slaguard.manager.assessment.MetricsSource;
import io.slaguard.manager.assessment.QueryExplainer;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.store.AgreementRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/** SLALite's agreement routes. */
@RestController
@RequestMapping(path = "/agreements", produces = "application/json")
@Tag(name = "agreements")
public class AgreementController {
    private final AgreementRepository agreements;
    private final AgreementService service;
    private final QueryExplainer explainer;
    private final MetricsSource prometheus;
    private final Clock clock;
    private final JsonMapper json;

    public AgreementController(AgreementRepository agreements, AgreementService service, QueryExplainer explainer,
                               MetricsSource prometheus, Clock clock, JsonMapper json) {
        this.agreements = agreements;
        this.service = service;
        this.explainer = explainer;
        this.prometheus = prometheus;
        this.clock = clock;
        this.json = json;
    }

    /** Agreements a list answers at most; enough for every agreement of most deployments in one page. */
    static final int MAX_LIMIT = 1000;

    @GetMapping
    @Operation(summary = "List agreements by id; active=true lists the started ones only",
            description = "One page of at most `limit` agreements (and at most 8 MiB) from `offset`. `X-Total-Count`"
                    + " says how many there are; `Link` gives the next page (`rel=\"next\"`) while there is one.")
    public ResponseEntity<List<AgreementView>> list(@RequestParam(defaultValue = "false") boolean active,
                                                    @RequestParam(defaultValue = "" + MAX_LIMIT) int limit,
                                                    @RequestParam(defaultValue = "0") int offset,
                                                    HttpServletRequest request) {
        Pages.checkBounds(limit, offset, MAX_LIMIT);
        AgreementState state = active ? AgreementState.started : null;
        List<AgreementView> found = agreements.page(state, limit, offset).stream().map(AgreementView::of).toList();
        boolean last = found.size() < limit && (!found.isEmpty() || offset == 0);
        long total = last ? offset + found.size() : agreements.count(state);
        return Pages.answer(Pages.withinBudget(found, json), total, offset, limit, request);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One agreement with its assessment")
    public AgreementView get(@PathVariable String id) {
        return AgreementView.of(find(id));
    }

    @GetMapping("/{id}/details")
    @Operation(summary = "The terms of one agreement")
    public Details details(@PathVariable String id) {
        return find(id).agreement().details();
    }

    @GetMapping("/{id}/queries")
    @Operation(summary = "Each guarantee's violation query, as the loop sends it to Prometheus",
            description = "With the compiler's notes (predictor applied or not, range vectors). Nothing is evaluated;"
                    + " Prometheus is asked its version only when the holt_winters predictor applies.")
    public List<GuaranteeQueryView> queries(@PathVariable String id) {
        return GuaranteeQueryView.of(explainer.explain(find(id).agreement(), clock.instant(), null));
    }

    @PostMapping("/{id}/evaluate")
    @Operation(summary = "Run each guarantee's violation query now and return what violates",
            description = "A dry run: the violating series by key (value, labels), or why a query failed. No key"
                    + " state changes and nothing fires; `for` and the transient time are not applied. The queries run"
                    + " one after the other, each within the query timeout. A POST because it makes Prometheus work:"
                    + " it needs an API key when keys are configured.")
    public List<GuaranteeQueryView> evaluate(@PathVariable String id) {
        return GuaranteeQueryView.of(explainer.explain(find(id).agreement(), clock.instant(), prometheus));
    }

    @PostMapping(consumes = "application/json")
    @Operation(summary = "Create an agreement (400 lists every problem; 409 if the id exists)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = Examples.AGREEMENT))))
    public ResponseEntity<AgreementView> create(@RequestBody AgreementInput input) {
        URI location = Links.resource("agreements", input.id());
        return ResponseEntity.created(location).body(AgreementView.of(service.create(input)));
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    @Operation(summary = "Change the state and/or monitoring URL; an absent field stays unchanged",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = Examples.STATE_CHANGE))))
    public AgreementView patch(@PathVariable String id, @RequestBody(required = false) StateChange change) {
        return AgreementView.of(service.change(id, change));
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    @Operation(summary = "Same as PATCH (the original accepted both)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = Examples.STATE_CHANGE))))
    public AgreementView put(@PathVariable String id, @RequestBody(required = false) StateChange change) {
        return patch(id, change);
    }

    @PutMapping("/{id}/start")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Start assessing the agreement")
    public void start(@PathVariable String id) {
        service.change(id, new StateChange(AgreementState.started.name(), null));
    }

    @PutMapping("/{id}/stop")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Stop assessing the agreement")
    public void stop(@PathVariable String id) {
        service.change(id, new StateChange(AgreementState.stopped.name(), null));
    }

    @PutMapping("/{id}/terminate")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Terminate the agreement (final)")
    public void terminate(@PathVariable String id) {
        service.change(id, new StateChange(AgreementState.terminated.name(), null));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete the agreement (its violations stay queryable)")
    public void delete(@PathVariable String id) {
        if (!agreements.delete(id)) {
            throw ApiException.notFound("agreement", id);
        }
    }

    private AgreementRepository.StoredAgreement find(String id) {
        return agreements.find(id).orElseThrow(() -> ApiException.notFound("agreement", id));
    }
}
