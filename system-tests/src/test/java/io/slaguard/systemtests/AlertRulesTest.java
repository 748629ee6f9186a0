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
 * when, and only when, its unit tests (alerts_test.yml) say so. For VictoriaMetrics, vmalert (in Debian's
 * victoria-metrics package) accepts the rules; it has no unit-test runner in that version, so their evaluation there
 * is not checked.
 */
class AlertRulesTest {
    private static final String PROMTOOL = System.getenv().getOrDefault("PROMTOOL_BIN", "/usr/bin/promtool");
    private static final String VMALERT = System.getenv().getOrDefault("VMALERT_BIN", "/usr/bin/vmalert");

    @Test
    void theRulesAreValid() throws Exception {
        String output = succeeded(PROMTOOL, "check", "rules", Repo.path("deploy/prometheus/alerts.yml").toString());

        assertThat(output).contains("SUCCESS: 7 rules found");
    }

    @Test
    void vmalertAcceptsTheRules() throws Exception {
        String output = succeeded(VMALERT, "-dryRun", "-rule=" + Repo.path("deploy/prometheus/alerts.yml"));

        assertThat(output).doesNotContain("\tfatal\t");
    }

    @Test
    void vmalertRefusesABrokenRule(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yml"),
                "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(\n");

        Outcome outcome = run(VMALERT, "-dryRun", "-rule=" + broken);

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.output()).contains("invalid expression");
    }

    @Test
    void everyAlertPassesItsUnitTests() throws Exception {
        String output = succeeded(PROMTOOL, "test", "rules", Repo.path("deploy/prometheus/alerts_test.yml").toString());

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

    /** Runs a tool; its output when it succeeds, a failed assertion with the output when it does not. */
    private static String succeeded(String... command) throws IOException, InterruptedException {
        Outcome outcome = run(command);
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        return outcome.output();
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("rules", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(exited).as(command[0] + " within 60 s: " + text).isTrue();
            return new Outcome(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
