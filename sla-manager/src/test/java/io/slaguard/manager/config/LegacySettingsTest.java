package io.slaguard.manager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The mapping of the original's keys onto the native settings (pure logic). */
class LegacySettingsTest {

    @Test
    void fileKeysMatchIgnoringCaseAndMapOntoNativeKeys() {
        Map<String, Object> mapped = LegacySettings.toNative(Map.of(
                "checkperiod", "1.5m", "transientPeriod", "30", "notifier", "rabbitpushg",
                "rabbitMQ", "amqp://u:p@broker:5672/", "PrometheusURL", "http://prom:9090",
                "pushgatewayUrl", "http://pg:9091", "prometheusPredictor", "holtwinters",
                "HWSmoothingFactor", "0.3", "HWTrendFactor", "0.7", "PLScalar", "45"), "slalite.yml", Map.of());
        assertThat(mapped).containsEntry("sla.check-period", "90s")
                .containsEntry("sla.transient-time", "30s")
                .containsEntry("sla.notifiers", "rabbitmq,pushgateway")
                .containsEntry("sla.rabbitmq.uri", "amqp://u:p@broker:5672/")
                .containsEntry("sla.prometheus.url", "http://prom:9090")
                .containsEntry("sla.pushgateway.url", "http://pg:9091")
                .containsEntry("sla.prometheus.predictor", "holt_winters")
                .containsEntry("sla.prometheus.sf", "0.3")
                .containsEntry("sla.prometheus.tf", "0.7")
                .containsEntry("sla.prometheus.horizon", "45s");
    }

    @Test
    void environmentVariablesWinOverTheFile() {
        Map<String, Object> mapped = LegacySettings.toNative(Map.of("checkPeriod", "10", "port", "8091"),
                "slalite.yml", Map.of("SLA_CHECKPERIOD", "2s", "SLA_NOTIFIER", "log", "SLA_REPOSITORY",
                        "jdbc:postgresql://db/sla", "SLA_NOTIFICATIONURL", "http://sink/notify", "PATH", "/bin"));
        assertThat(mapped).containsEntry("sla.check-period", "2s").containsEntry("server.port", "8091")
                .containsEntry("sla.notifiers", "log").containsEntry("sla.storage.url", "jdbc:postgresql://db/sla")
                .containsEntry("sla.notification.url", "http://sink/notify").hasSize(5);
    }

    @Test
    void badValuesNameTheKeyAndWhereItWasWritten() {
        assertThatThrownBy(() -> LegacySettings.toNative(Map.of("checkPeriod", "0"), "/etc/slalite/slalite.yml", Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("checkPeriod (/etc/slalite/slalite.yml)").hasMessageContaining("positive");
        assertThatThrownBy(() -> LegacySettings.toNative(Map.of(), "", Map.of("SLA_NOTIFIER", "email")))
                .hasMessageContaining("notifier (SLA_NOTIFIER) = 'email'");
        assertThatThrownBy(() -> LegacySettings.toNative(Map.of("HWSmoothingFactor", "1"), "f", Map.of()))
                .hasMessageContaining("HWSmoothingFactor").hasMessageContaining("strictly between 0 and 1");
        assertThatThrownBy(() -> LegacySettings.toNative(Map.of("prometheusUrl", "prom:9090"), "f", Map.of()))
                .hasMessageContaining("prometheusUrl");
        assertThatThrownBy(() -> LegacySettings.toNative(Map.of("checkPeriod", "soon"), "f", Map.of()))
                .hasMessageContaining("checkPeriod").hasMessageContaining("invalid duration");
    }

    @Test
    void passwordsNeverAppearInMessages() {
        assertThatThrownBy(() -> LegacySettings.toNative(Map.of("rabbitMQ", "http://user:s3cret@broker"), "f", Map.of()))
                .hasMessageContaining("rabbitMQ").hasMessageNotContaining("s3cret");
    }
}
