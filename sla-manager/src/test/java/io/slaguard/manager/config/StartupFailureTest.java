package io.slaguard.manager.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.slaguard.manager.SlaManagerApplication;

/** A bad value stops the real daemon process with one clear line naming the key, and a non-zero exit. */
class StartupFailureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--sla.check-period=0|                |sla.check-period",
            "--sla.check-period=5x|               |sla.check-period",
            "--sla.notifiers=email|               |sla.notifiers",
            "--sla.prometheus.sf=1.5|             |sla.prometheus.sf",
            "--sla.prometheus.url=prometheus:9090|  |sla.prometheus.url",
            "--sla.notifiers=rabbitmq|            |sla.rabbitmq.uri",
            "-f|/no/such/slalite.yml              |-f",
            "--sla.notifiers=log|SLA_CHECKPERIOD=-3|checkPeriod (SLA_CHECKPERIOD)",
            "--sla.notifiers=log|SLA_RABBITMQ=amqp://u:s3cret@h:99999/|rabbitMQ (SLA_RABBITMQ)",
    })
    void badValueStopsStartUpWithOneLine(String argument, String extra, String key) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlaManagerApplication.class.getName(), argument.trim()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        if (extra != null && extra.contains("=")) {
            String[] variable = extra.trim().split("=", 2);
            builder.environment().put(variable[0], variable[1]);
        } else if (extra != null) {
            command.add(extra.trim());
        }
        builder.command(command);
        builder.environment().putAll(Map.of("SLA_STORAGE_URL", "jdbc:h2:mem:startup"));
        Process process = builder.start();
        String output = read(process);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        List<String> reported = output.lines().filter(l -> l.contains("cannot start")).toList();
        assertThat(reported).as(output).hasSize(1);
        assertThat(reported.get(0)).contains(key);
        assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("APPLICATION FAILED TO START");
        assertThat(output).as("no password").doesNotContain("s3cret");
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
