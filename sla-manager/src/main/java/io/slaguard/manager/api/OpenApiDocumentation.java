package io.slaguard.manager.api;

import java.util.Map;
import java.util.Set;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.slaguard.protocol.BuildVersion;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI document behind Swagger UI: title, the build's version, the API-key schemes (so Swagger UI offers
 * Authorize), the error responses every route can give with their {@link ApiError} body, and example responses.
 */
@Configuration
class OpenApiDocumentation {
    static final String BEARER_KEY = "bearerKey";
    static final String HEADER_KEY = "apiKeyHeader";
    private static final String ERROR_SCHEMA = "ApiError";
    private static final String JSON = "application/json";

    /** Example success bodies by route (method and path template). */
    private static final Map<String, String> RESPONSE_EXAMPLES = Map.of(
            "GET /agreements", "[" + Examples.AGREEMENT_VIEW + "]",
            "GET /agreements/{id}", Examples.AGREEMENT_VIEW,
            "POST /agreements", Examples.AGREEMENT_VIEW,
            "POST /create-agreement", Examples.CREATE_AGREEMENT_RESPONSE,
            "GET /violations", "[" + Examples.VIOLATION_VIEW + "]");
    /** Routes that answer 201 Created with a Location header (springdoc cannot see it behind ResponseEntity). */
    private static final Set<String> CREATING = Set.of("POST /agreements", "POST /providers", "POST /templates",
            "POST /create-agreement");
    /** Of those, the one whose 200 stays: a dry run. */
    private static final String PREVIEWING = "POST /create-agreement";

    @Bean
    OpenAPI slaManagerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("SLA manager").version(BuildVersion.current())
                        .description("Service level agreements for serverless map jobs, written in PromQL and assessed"
                                + " every check period: agreements, templates, providers and the violations found."
                                + " Reads are open; when API keys are configured (sla.security.api-keys), every"
                                + " mutating route needs one: press Authorize and give it either way. Errors have the"
                                + " body {\"code\": \"<status>\", \"message\": \"…\"}.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(BEARER_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("Authorization: Bearer <key>"))
                        .addSecuritySchemes(HEADER_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key").description("X-API-Key: <key>")));
    }

    @Bean
    OpenApiCustomizer errorsKeysAndExamples() {
        return openApi -> {
            Schema<?> error = ModelConverters.getInstance().resolveAsResolvedSchema(new AnnotatedType(ApiError.class))
                    .schema;
            openApi.getComponents().addSchemas(ERROR_SCHEMA, error);
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String route = method + " " + path;
                if (CREATING.contains(route)) {
                    documentCreated(operation, route.equals(PREVIEWING));
                }
                boolean mutating = method != HttpMethod.GET && method != HttpMethod.HEAD;
                if (mutating && !ApiKeyFilter.OPEN_PATHS.contains(path)) {
                    operation.addSecurityItem(new SecurityRequirement().addList(BEARER_KEY))
                            .addSecurityItem(new SecurityRequirement().addList(HEADER_KEY));
                    addError(operation, 401, "no valid API key (only when keys are configured)",
                            "an API key is required: send Authorization: Bearer <key> or X-API-Key");
                }
                addError(operation, 400, "bad input: every problem is named",
                        "Agreement.Details.Guarantees[0].Constraint is empty. ");
                if (path.contains("{")) {
                    addError(operation, 404, "no such entity", "agreement a1 not found");
                }
                if (method == HttpMethod.POST && operation.getRequestBody() != null) {
                    addError(operation, 409, "the id exists already", "an entity with this id already exists");
                }
                if (operation.getRequestBody() != null) {
                    addError(operation, 413, "body over 1 MiB",
                            "request body exceeds " + RequestSizeLimitFilter.MAX_BODY_BYTES + " bytes");
                }
                addError(operation, 503, "the database is unreachable; retry after Retry-After seconds",
                        "the database failed during the request; read the entity again, then retry");
                String example = RESPONSE_EXAMPLES.get(route);
                if (example != null) {
                    try {
                        addExample(operation, example);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("example of " + route + " is not JSON", e);
                    }
                }
            }));
        };
    }

    private static void documentCreated(Operation operation, boolean keepPreview) {
        ApiResponse ok = operation.getResponses().get("200");
        if (ok == null) {
            return;
        }
        if (keepPreview) {
            ok.description("dry_run=true: what would be created, nothing stored");
        } else {
            operation.getResponses().remove("200");
        }
        operation.getResponses().addApiResponse("201", new ApiResponse()
                .description("created; the Location header names it").content(ok.getContent()));
    }

    private static void addError(Operation operation, int status, String description, String message) {
        String code = Integer.toString(status);
        if (operation.getResponses().containsKey(code)) {
            return;
        }
        operation.getResponses().addApiResponse(code, new ApiResponse().description(description)
                .content(new Content().addMediaType(JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))
                        .example(new ApiError(code, message)))));
    }

    /** Sets the example of the success response (201, else 200); swagger's own mapper reads it, so it shows as JSON. */
    private static void addExample(Operation operation, String example) throws JsonProcessingException {
        ApiResponse success = operation.getResponses().containsKey("201") ? operation.getResponses().get("201")
                : operation.getResponses().get("200");
        if (success != null && success.getContent() != null) {
            Object parsed = Json.mapper().readTree(example);
            success.getContent().values().forEach(media -> media.setExample(parsed));
        }
    }
}
