package io.slaguard.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.slaguard.manager.templates.TemplateLoader;

/**
 * Templates: the shipped ones come from the jar wherever the manager runs; files are loaded at start-up and add or
 * replace templates by id, a changed file replaces the stored template, a bad file is skipped by name.
 */
@ExtendWith(OutputCaptureExtension.class)
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

    @Test
    void theShippedTemplatesComeFromTheJarAndAFileReplacesOneById(@TempDir Path dir, CapturedOutput output) throws Exception {
        Path none = dir.resolve("no-such-directory");
        try (ManagerInstance manager = ManagerInstance.start(Map.of("sla.templates.dir", none.toString()))) {
            HttpApi api = manager.api();
            for (String id : List.of("cloudbutton_notStarted", "cloudbutton_tooLong", "cloudbutton_tooCostly",
                    "cloudbutton_cloudbutton", "cloudbutton_maxDuration", "cpu_usage_predicted", "learned_tooLong",
                    "learned_tooCostly")) {
                assertThat(api.get("/templates/" + id).status()).as(id).isEqualTo(200);
            }
            assertThat(output.getOut()).contains("from the jar (agreements/templates/cloudbutton_tooLong.json)");

            Files.createDirectories(none);
            Path override = none.resolve("mine.json");
            Files.writeString(override, Files.readString(ManagerInstance.repositoryTemplates()
                            .resolve("cloudbutton_tooLong.json"))
                    .replace("\"id\": \"cloudbutton_tooLong\"", "\"id\": \"CLOUDBUTTON_TOOLONG\"")
                    .replaceFirst("\"name\": \"[^\"]*\"", "\"name\": \"mine\""));
            assertThat(manager.bean(TemplateLoader.class).load()).isEmpty();

            assertThat(api.get("/templates/cloudbutton_tooLong").body()).contains("\"name\":\"mine\"");
            assertThat(api.get("/templates/cloudbutton_notStarted").status()).isEqualTo(200);
            assertThat(output.getOut()).contains("template CLOUDBUTTON_TOOLONG from " + override.toAbsolutePath()
                    + " replaces the one from the jar (agreements/templates/cloudbutton_tooLong.json)");
        }
    }
}
