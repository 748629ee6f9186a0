package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** With API keys configured, mutating routes need one (Bearer or X-API-Key); reads stay open. */
class ApiKeyTest {
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
        }
    }
}
