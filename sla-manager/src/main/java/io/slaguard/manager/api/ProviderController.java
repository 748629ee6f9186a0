package io.slaguard.manager.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.slaguard.manager.model.Provider;
import io.slaguard.manager.store.ProviderRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

/** SLALite's provider routes. */
@RestController
@RequestMapping(path = "/providers", produces = "application/json")
@Tag(name = "providers")
public class ProviderController {
    private final ProviderRepository providers;

    public ProviderController(ProviderRepository providers) {
        this.providers = providers;
    }

    @GetMapping
    @Operation(summary = "List providers")
    public List<Provider> list() {
        return providers.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One provider")
    public Provider get(@PathVariable String id) {
        return providers.find(id).orElseThrow(() -> ApiException.notFound("provider", id));
    }

    @PostMapping(consumes = "application/json")
    @Operation(summary = "Register a provider (409 if the id exists)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = Examples.PROVIDER))))
    public ResponseEntity<Provider> create(@RequestBody Provider provider) {
        List<String> problems = new ArrayList<>();
        EntityIds.problem("Provider.Id", provider.id()).ifPresent(problems::add);
        EntityIds.nameProblem("Provider.Name", provider.name(), EntityIds.MAX_NAME_LENGTH).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        URI location = Links.resource("providers", provider.id());
        try {
            providers.insert(provider);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("provider " + provider.id() + " already exists");
        }
        return ResponseEntity.created(location).body(provider);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a provider")
    public void delete(@PathVariable String id) {
        if (!providers.delete(id)) {
            throw ApiException.notFound("provider", id);
        }
    }
}
