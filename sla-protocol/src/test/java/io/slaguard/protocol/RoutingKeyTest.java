package io.slaguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A routing key always fits AMQP's short string, whatever labels were pushed. */
class RoutingKeyTest {
    @Test
    void ordinaryKeysAreGuaranteeDotInstance() {
        assertThat(Violations.routingKey("tooLong", "58d244")).isEqualTo("tooLong.58d244");
        assertThat(Violations.routingKey("a.b", null)).isEqualTo("a_b._");
    }

    @Test
    void aPushedOverLongInstanceFallsBackToNoInstance() {
        assertThat(Violations.routingKey("tooLong", "i".repeat(300))).isEqualTo("tooLong._");
    }

    @Test
    void aGuaranteeTooLongInUtf8IsCutAtACharacterBoundary() {
        String key = Violations.routingKey("é".repeat(255), "58d244");
        assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Violations.MAX_ROUTING_KEY_BYTES);
        assertThat(key).endsWith("._").startsWith("éé").doesNotContain("\uFFFD");
    }
}
