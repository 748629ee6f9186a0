package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The shipped alerts (deploy/prometheus/alerts.yml) through Prometheus' own tool: valid rules, and each alert fires
 * when, and only when, its unit tests (alerts_test.yml) say so.
 */
class AlertRulesTest {
    private static final String PROMTOOL = System.getenv().getOrDefault("PROMTOOL_BIN", "/usr/bin/promtool");

    @Test
    void theRulesAreValid() throws Exception {
        String output = promtool("check", "rules", Repo.path("deploy/prometheus/alerts.yml").toString());

        assertThat(output).contains("SUCCESS: 7 rules found");
    }

    @Test
    void everyAlertPassesItsUnitTests() throws Exception {
        String output = promtool("test", "rules", Repo.path("deploy/prometheus/alerts_test.yml").toString());

        assertThat(output).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTest() {
        List<String> alerts = new ArrayList<>();
        Repo.yaml(Repo.path("deploy/prometheus/alerts.yml")).path("groups").get(0).path("rules")
                .forEach(rule -> alerts.add(rule.path("alert").asString()));
        String tests = Repo.read(Repo.path("deploy/prometheus/alerts_test.yml"));

        assertThat(alerts).hasSize(7).allSatisfy(alert -> assertThat(tests).contains("alertname: " + alert));
    }

    /** Runs promtool; its output when it succeeds, a failed assertion with the output when it does not. */
    private static String promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("promtool", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(exited).as("promtool within 60 s: " + text).isTrue();
            assertThat(process.exitValue()).as(text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
