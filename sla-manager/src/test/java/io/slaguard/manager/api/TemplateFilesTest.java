package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.slaguard.manager.templates.TemplateLoader;

/** Template files: loaded at start-up, a changed file replaces the stored template, a bad file is skipped by name. */
class TemplateFilesTest {
    private static final String TEMPLATE = """
            {"id": "Files_Template", "name": "%s",
             "parameters": {"LIMIT": {"type": "number", "default": 3}},
             "details": {"type": "agreement", "name": "x", "variables": [{"name": "v", "metric": "vector(1)"}],
               "guarantees": [{"name": "g", "constraint": "v < {{.LIMIT}}"}]}}""";

    @Test
    void changedFilesReplaceAndBadFilesAreSkipped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.json"), TEMPLATE.formatted("first"));
        Files.writeString(dir.resolve("broken.json"), "{\"id\": \"broken\", ");
        Files.writeString(dir.resolve("nodetails.json"), "{\"id\": \"nodetails\", \"details\": 3}");
        try (ManagerInstance manager = ManagerInstance.start(Map.of("sla.templates.dir", dir.toString()))) {
            HttpApi api = manager.api();
            assertThat(api.get("/templates/files_template").body()).contains("\"name\":\"first\"");
            assertThat(api.get("/templates/broken").status()).isEqualTo(404);
            assertThat(api.get("/templates/nodetails").status()).isEqualTo(404);

            Files.writeString(dir.resolve("good.json"), TEMPLATE.formatted("second"));
            assertThat(manager.bean(TemplateLoader.class).load()).containsExactlyInAnyOrder("broken.json", "nodetails.json");
            assertThat(api.get("/templates/FILES_TEMPLATE").body()).contains("\"name\":\"second\"");

            manager.restart();
            assertThat(manager.api().get("/templates/files_template").body()).contains("\"name\":\"second\"");
        }
    }
}
