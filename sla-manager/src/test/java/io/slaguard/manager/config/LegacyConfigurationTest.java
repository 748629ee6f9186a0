package io.slaguard.manager.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import io.slaguard.manager.SlaManagerApplication;
import io.slaguard.manager.api.HttpApi;
import io.slaguard.manager.api.ManagerInstance;
import io.slaguard.testsupport.FreePort;

/** A manager started the original's way: {@code -f slalite.yml} plus {@code SLA_*} environment variables. */
class LegacyConfigurationTest {

    @Test
    void slaliteFileAndEnvironmentConfigureTheManager(@TempDir Path dir) throws Exception {
        int port = FreePort.find();
        Path file = dir.resolve("slalite.yml");
        Files.writeString(file, """
                checkPeriod: 7
                transientTime: 1.5m
                notifier: log
                port: %d
                prometheusUrl: http://127.0.0.1:1
                HWSmoothingFactor: 0.2
                unknownKey: ignored
                """.formatted(port));
        Map<String, Object> variables = new HashMap<>(System.getenv());
        variables.put("SLA_CHECKPERIOD", "3s");
        variables.put("SLA_PROMETHEUSPREDICTOR", "holt_winters");
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            public Map<String, Object> getSystemEnvironment() {
                return variables;
            }
        };
        String[] args = CommandLine.translate(new String[] {"-f", file.toString(),
                "--sla.storage.url=jdbc:h2:file:" + dir.resolve("sla"),
                "--sla.templates.dir=" + ManagerInstance.repositoryTemplates()});
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SlaManagerApplication.class)
                .environment(environment).run(args)) {
            SlaProperties properties = context.getBean(SlaProperties.class);
            assertThat(properties.checkPeriod()).isEqualTo(Duration.ofSeconds(3));
            assertThat(properties.transientTime()).isEqualTo(Duration.ofSeconds(90));
            assertThat(properties.prometheus().predictor()).isEqualTo("holt_winters");
            assertThat(properties.prometheus().sf()).isEqualTo(0.2);
            assertThat(properties.channels()).containsExactly("log");
            assertThat(new HttpApi("http://127.0.0.1:" + port).get("/").status()).isEqualTo(200);
        }
    }

    @Test
    void onlyTheManagersOwnDurationsAreReadAsOperatorText(@TempDir Path dir) {
        String[] args = {"--server.port=0", "--sla.legacy.search-default-files=false", "--sla.check-period=30",
                "--spring.mvc.async.request-timeout=30000", "--sla.storage.url=jdbc:h2:file:" + dir.resolve("sla"),
                "--sla.templates.dir=" + ManagerInstance.repositoryTemplates()};
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SlaManagerApplication.class).run(args)) {
            assertThat(context.getBean(SlaProperties.class).checkPeriod()).isEqualTo(Duration.ofSeconds(30));
            assertThat(context.getBean(WebMvcProperties.class).getAsync().getRequestTimeout())
                    .isEqualTo(Duration.ofSeconds(30));
        }
    }
}
