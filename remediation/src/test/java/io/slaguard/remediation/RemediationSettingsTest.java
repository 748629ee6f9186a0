package io.slaguard.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.slaguard.protocol.Violations;

class RemediationSettingsTest {
    private static final String URI = "amqp://sla:s3cret@broker:5672/%2F";

    @Test
    void defaultsFollowTheSpec() {
        RemediationSettings s = RemediationSettings.defaults(URI);

        assertThat(s.exchange()).isEqualTo(Violations.EXCHANGE);
        assertThat(s.deadLetterExchange()).isEqualTo(Violations.DEAD_LETTER_EXCHANGE);
        assertThat(s.deadLetterQueue()).isEqualTo(Violations.DEAD_LETTER_QUEUE);
        assertThat(s.prefetch()).isEqualTo(16);
        assertThat(s.maxAttempts()).isEqualTo(2);
    }

    @Test
    void thePasswordNeverShows() {
        RemediationSettings s = RemediationSettings.defaults(URI);

        assertThat(s.maskedUri()).isEqualTo("amqp://sla:****@broker:5672/%2F");
        assertThat(s.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> RemediationSettings.defaults("http://sla:s3cret@broker/"))
                .hasMessageStartingWith("remediation AMQP URI http://sla:****@broker/ must start with amqp:// or amqps://");
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        RemediationSettings s = RemediationSettings.defaults(URI);

        assertThatThrownBy(() -> s.withPrefetch(0)).hasMessageContaining("prefetch");
        assertThatThrownBy(() -> s.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> s.withDedupMemory(0)).hasMessageContaining("dedupMemory");
        assertThatThrownBy(() -> s.withQueueExpiry(Duration.ZERO)).hasMessageContaining("queueExpiry");
        assertThatThrownBy(() -> s.withRecoveryInterval(Duration.ZERO)).hasMessageContaining("recoveryInterval");
        assertThatThrownBy(() -> RemediationSettings.defaults(" ")).hasMessageContaining("AMQP URI is missing");
    }
}
