package io.slaguard.manager.api;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.slaguard.manager.assessment.QueryExplainer;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Party;
import io.slaguard.manager.model.Template;
import io.slaguard.manager.templates.TemplateCatalog;
import io.slaguard.manager.templates.TemplateException;
import io.slaguard.manager.templates.TemplateInstantiator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Templates and agreements made from them. Template ids match ignoring case. */
@RestController
@Tag(name = "templates")
public class TemplateController {
    private final TemplateCatalog catalog;
    private final TemplateInstantiator instantiator;
    private final AgreementService agreements;
    private final JsonMapper json;
    private final QueryExplainer explainer;
    private final Clock clock;

    public TemplateController(TemplateCatalog catalog, TemplateInstantiator instantiator, AgreementService agreements,
                              JsonMapper json, QueryExplainer explainer, Clock clock) {
        this.catalog = catalog;
        this.instantiator = instantiator;
        this.agreements = agreements;
        this.json = json;
        this.explainer = explainer;
        this.clock = clock;
    }

    @GetMapping(path = "/templates", produces = "application/json")
    @Operation(summary = "List templates")
    public List<Template> list() {
        return catalog.list();
    }

    @GetMapping(path = "/templates/{id}", produces = "application/json")
    @Operation(summary = "One template (id matched ignoring case)")
    public Template get(@PathVariable String id) {
        return find(id);
    }

    @PostMapping(path = "/templates", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Add a template (409 if the id exists in any case)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = Examples.TEMPLATE))))
    public ResponseEntity<Template> create(@RequestBody Template template) {
        EntityIds.problem("Template.Id", template.id()).ifPresent(p -> {
            throw ApiException.badRequest(p);
        });
        checkFillable(template);
        URI location = Links.resource("templates", template.id());
        try {
            return ResponseEntity.created(location).body(catalog.create(template));
        } catch (TemplateException e) {
            throw ApiException.invalid(e.problems());
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("template " + template.id() + " already exists");
        }
    }

    @PutMapping(path = "/templates/{id}", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Replace a template",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = Examples.TEMPLATE))))
    public Template replace(@PathVariable String id, @RequestBody Template template) {
        Template existing = find(id);
        if (template.id() != null && !template.id().equalsIgnoreCase(id)) {
            throw ApiException.badRequest("Template.Id '" + template.id() + "' differs from the path's '" + id + "'");
        }
        Template withId = new Template(existing.id(), template.name(), template.parameters(), template.details(), null);
        checkFillable(withId);
        try {
            catalog.put(withId, null);
        } catch (TemplateException e) {
            throw ApiException.invalid(e.problems());
        }
        return find(id);
    }

    @DeleteMapping("/templates/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a template")
    public void delete(@PathVariable String id) {
        if (!catalog.delete(id)) {
            throw ApiException.notFound("template", id);
        }
    }

    @PostMapping(path = "/create-agreement", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Create a started agreement from a template and parameters (legacy parameter files work as they are)",
            description = "With `dry_run=true`: 200 with the filled, validated terms and each guarantee's violation"
                    + " query (as `CreateAgreementPreview`), and nothing stored; the same 400s as a real creation.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = Examples.CREATE_AGREEMENT))))
    public ResponseEntity<?> createAgreement(@RequestBody CreateAgreementRequest request,
                                             @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        if (request.templateId() == null || request.templateId().isBlank()) {
            throw ApiException.badRequest("template_id is empty");
        }
        Template template = find(request.templateId());
        TemplateInstantiator.Instance instance;
        try {
            instance = instantiator.instantiate(template, request.parameters());
        } catch (TemplateException e) {
            throw ApiException.invalid(e.problems());
        }
        AgreementInput input = input(template, instance);
        String id = input.id();
        if (dryRun) {
            Agreement agreement = agreements.validated(input);
            return ResponseEntity.ok(new CreateAgreementPreview(template.id(), id, instance.parameters(),
                    agreement.details(), GuaranteeQueryView.of(explainer.explain(agreement, clock.instant(), null))));
        }
        URI location = Links.resource("agreements", id);
        CreateAgreementResponse answer = new CreateAgreementResponse(template.id(), id, instance.parameters());
        agreements.create(input);
        return ResponseEntity.created(location).body(answer);
    }

    /**
     * A template must fill into a valid agreement: it is filled with each parameter's default, else a value of its
     * type within its bounds, and the result validated as an agreement would be (400 listing the problems).
     */
    private void checkFillable(Template template) {
        ObjectNode sample = json.createObjectNode();
        template.parameters().forEach((name, spec) -> {
            if (spec == null || spec.defaultValue() != null) {
                return;
            }
            if (TemplateInstantiator.NUMBER.equals(spec.type())) {
                sample.put(name, spec.min() != null ? spec.min() : spec.max() != null ? spec.max() : 1);
            } else {
                sample.put(name, "sample");
            }
        });
        if (template.details() == null || !template.details().isObject()) {
            return;
        }
        sample.put(TemplateInstantiator.AGREEMENT_NAME, "template-check");
        sample.put(TemplateInstantiator.PROVIDER, "sample-provider");
        sample.put(TemplateInstantiator.CLIENT, "sample-client");
        try {
            agreements.validated(input(template, instantiator.instantiate(template, sample)));
        } catch (TemplateException e) {
            throw ApiException.invalid(e.problems().stream().map(p -> "Template.Details: " + p).toList());
        } catch (ApiException e) {
            throw ApiException.badRequest("Template.Details is not a valid agreement once filled: " + e.getMessage());
        }
    }

    /** The agreement a filled template describes, not yet validated. */
    private AgreementInput input(Template template, TemplateInstantiator.Instance instance) {
        ObjectNode tree = instance.details();
        String name = instance.name() != null ? instance.name() : text(tree, "name", template.name());
        // upstream names the agreement after its parameters (AgreementId "tooLong"); a random id otherwise
        String id = text(tree, "id", instance.name() != null ? instance.name() : UUID.randomUUID().toString());
        tree.put("id", id);
        tree.put("name", name);
        setParty(tree, "provider", instance.provider());
        setParty(tree, "client", instance.client());
        Details details;
        try {
            details = json.treeToValue(tree, Details.class);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the filled template is not a valid agreement: " + e.getOriginalMessage());
        }
        return new AgreementInput(id, name, "started", details, null);
    }

    private static String text(ObjectNode tree, String field, String otherwise) {
        JsonNode value = tree.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : otherwise;
    }

    /** The party given in the parameters, if any, replaces the template's. */
    private void setParty(ObjectNode details, String field, Party party) {
        if (party != null) {
            ObjectNode node = json.createObjectNode();
            node.put("id", party.id());
            node.put("name", party.name());
            details.set(field, node);
        }
    }

    private Template find(String id) {
        return catalog.find(id).orElseThrow(() -> ApiException.notFound("template", id));
    }
}
