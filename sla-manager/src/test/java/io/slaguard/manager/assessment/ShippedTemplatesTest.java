package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.Guarantee;
import tools.jackson.databind.JsonNode;

/** The template files themselves: well formed, every placeholder declared, valid once filled in. */
class ShippedTemplatesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\.([A-Za-z0-9_.]+)}}");
    private static final Map<String, Object> REQUIRED = Map.of("MAXCOST", 2.5, "MAXDURATION", 120);

    private static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(TemplateFixture.templatesDir())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String id(Path file) {
        return file.getFileName().toString().replace(".json", "");
    }

    @Test
    void theExpectedTemplatesAreShipped() throws IOException {
        assertThat(files().stream().map(ShippedTemplatesTest::id)).containsExactlyInAnyOrder(
                "cloudbutton_notStarted", "cloudbutton_tooLong", "cloudbutton_tooCostly", "cloudbutton_cloudbutton",
                "cloudbutton_maxDuration", "cpu_usage_predicted", "learned_tooLong", "learned_tooCostly");
    }

    @Test
    void everyPlaceholderIsADeclaredParameterAndOnlyBudgetsAreRequired() throws IOException {
        for (Path file : files()) {
            JsonNode template = TemplateFixture.read(id(file));
            assertThat(template.path("id").asString()).isEqualTo(id(file));
            Set<String> used = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(template.get("details").toString());
            while (m.find()) {
                used.add(m.group(1));
            }
            Set<String> declared = new TreeSet<>();
            template.path("parameters").properties().forEach(p -> declared.add(p.getKey()));
            assertThat(declared).as(id(file)).isEqualTo(used);
            template.path("parameters").properties().forEach(p -> {
                assertThat(p.getValue().path("type").asString()).as(p.getKey()).isIn("number", "string");
                assertThat(p.getValue().has("default")).as(id(file) + " " + p.getKey())
                        .isEqualTo(!REQUIRED.containsKey(p.getKey()));
            });
        }
    }

    @Test
    void filledInEveryTemplateIsValidAndCompiles() throws IOException {
        ViolationQueryCompiler compiler = new ViolationQueryCompiler();
        for (Path file : files()) {
            Map<String, Object> parameters = new HashMap<>();
            JsonNode template = TemplateFixture.read(id(file));
            REQUIRED.forEach((name, value) -> {
                if (template.path("parameters").has(name)) {
                    parameters.put(name, value);
                }
            });
            Agreement agreement = TemplateFixture.agreement(id(file), "t-" + id(file), parameters);
            assertThat(compiler.validate(agreement.details())).as(id(file)).isEmpty();
            for (Guarantee guarantee : agreement.details().guarantees()) {
                assertThat(guarantee.name()).isIn("notStarted", "tooLong", "tooCostly", "cpuUsage");
                String promql = compiler.compile(agreement.details(), guarantee, agreement.details().predictor(), 2)
                        .promql();
                assertThat(promql).as(id(file)).doesNotContain("{{").doesNotContain("timeNow").doesNotContainPattern("\\de-");
            }
        }
    }

    @Test
    void theCombinedTemplateHoldsTheThreeGuaranteesWithTheirDefaults() {
        Agreement combined = TemplateFixture.agreement("cloudbutton_cloudbutton", "c", Map.of("MAXCOST", 2.5));
        assertThat(combined.details().guarantees()).containsExactly(
                new Guarantee("notStarted", "notStarted == 0", "10"),
                new Guarantee("tooLong", "timeNow() - FunctionEndMax < 0", null),
                new Guarantee("tooCostly", "0.000000016276 * costFunctions < 2.5", null));
        assertThat(combined.details().variables()).extracting(v -> v.name())
                .containsExactly("notStarted", "FunctionEndMax", "costFunctions");
        assertThat(combined.details().variables().get(1).metric()).contains("(1.3 * avg by (job_id)");
        assertThat(combined.details().name()).isEqualTo("cloudbutton");
        assertThat(combined.details().provider().id()).isEqualTo("slaguard");
    }
}
