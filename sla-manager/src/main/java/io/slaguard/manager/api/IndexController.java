package io.slaguard.manager.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The index, the Swagger UI redirect the original served, and the notification test sink. */
@RestController
@Tag(name = "index")
public class IndexController {
    private static final Logger log = LoggerFactory.getLogger(IndexController.class);

    private static final Map<String, Object> INDEX = describe(List.of("/providers", "/agreements",
            "/agreements/{id}", "/agreements/{id}/details", "/agreements/{id}/violations", "/templates",
            "/templates/{id}", "/create-agreement", "/violations", "/notifications", "/actuator/health",
            "/actuator/prometheus"));

    private static Map<String, Object> describe(List<String> routes) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("name", "sla-manager");
        index.put("documentation", "/swagger-ui.html");
        index.put("openapi", "/v3/api-docs");
        index.put("routes", routes);
        return Collections.unmodifiableMap(index);
    }

    @GetMapping(path = "/", produces = "application/json")
    @Operation(summary = "Index of the API")
    public Map<String, Object> index() {
        return INDEX;
    }

    @Hidden
    @GetMapping({"/swaggerui", "/swaggerui/"})
    public ResponseEntity<Void> swaggerUi() {
        return ResponseEntity.status(HttpStatus.FOUND).header("Location", "/swagger-ui.html").build();
    }

    @PostMapping(path = "/notifications", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Test sink for the rest notifier: logs what it receives and answers 200",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = Examples.NOTIFICATION))))
    public Map<String, String> notification(@RequestBody JsonNode body) {
        log.info("notification received: {} bytes", body.toString().length());
        return Map.of("status", "received");
    }
}
