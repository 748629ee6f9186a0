package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.slaguard.protocol.BuildVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** With API keys configured, mutating routes need one (Bearer or X-API-Key); reads stay open. */
class ApiKeyTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROVIDER = "{\"id\": \"k\", \"name\": \"K\"}";

    @Test
    void mutatingRoutesRequireAKey() {
        try (ManagerInstance manager = ManagerInstance.start(Map.of("sla.security.api-keys", "first-key,second-key",
                "server.address", "127.0.0.1"))) {
            HttpApi api = manager.api();
            HttpApi.Reply refused = api.send("POST", "/providers", PROVIDER);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).contains("\"code\":\"401\"");
            assertThat(api.send("POST", "/providers", PROVIDER, Map.of("Authorization", "Bearer wrong")).status())
                    .isEqualTo(401);
            assertThat(api.get("/providers/k").status()).isEqualTo(404);

            assertThat(api.send("POST", "/providers", PROVIDER, Map.of("Authorization", "Bearer second-key")).status())
                    .isEqualTo(201);
            assertThat(api.send("DELETE", "/providers/k", null, Map.of("X-API-Key", "first-key")).status()).isEqualTo(204);
            assertThat(api.get("/providers").status()).isEqualTo(200);

            // health: everyone sees the status of each component, only a key holder their details
            JsonNode anonymous = JSON.readTree(api.get("/actuator/health").body());
            assertThat(anonymous.path("components").path("db").path("status").asString()).isEqualTo("UP");
            assertThat(anonymous.path("components").path("db").has("details")).isFalse();
            JsonNode holder = JSON.readTree(api.send("GET", "/actuator/health", null,
                    Map.of("X-API-Key", "first-key")).body());
            assertThat(holder.path("components").path("db").path("details").path("database").asString()).isEqualTo("H2");
            JsonNode wrongKey = JSON.readTree(api.send("GET", "/actuator/health", null,
                    Map.of("Authorization", "Bearer wrong")).body());
            assertThat(wrongKey.path("components").path("db").has("details")).isFalse();

            // info: the build's version
            JsonNode info = JSON.readTree(api.get("/actuator/info").body());
            assertThat(info.path("build").path("version").asString()).isEqualTo(BuildVersion.current());
            assertThat(info.path("build").path("artifact").asString()).isEqualTo("sla-manager");
        }
    }
}
