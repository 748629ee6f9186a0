package io.slaguard.manager.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The build writes metadata of the sla.* properties (what IDEs complete), with defaults and descriptions. */
class ConfigurationMetadataTest {
    @Test
    void describesTheManagersOwnProperties() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json on the classpath").isNotNull();
            metadata = JsonMapper.builder().build().readTree(in);
        }
        assertThat(property(metadata, "sla.check-period").path("defaultValue").asString()).isEqualTo("10s");
        assertThat(property(metadata, "sla.assessment.parallelism").path("description").asString())
                .contains("agreements assessed at once");
        assertThat(property(metadata, "sla.prometheus.url").path("defaultValue").asString())
                .isEqualTo("http://127.0.0.1:9090");
    }

    private static JsonNode property(JsonNode metadata, String name) {
        for (JsonNode property : metadata.path("properties")) {
            if (property.path("name").asString().equals(name)) {
                return property;
            }
        }
        throw new AssertionError(name + " is not in the metadata");
    }
}
