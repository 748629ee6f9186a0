package io.slaguard.manager.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.PasswordMask;
import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.ViolationMessage;
import io.slaguard.protocol.Violations;

class ViolationMessagesTest {
    private static final Instant AT = Instant.parse("2021-12-15T13:27:04.307Z");

    @Test
    void identityComesFromTheSeriesLabels() {
        Violation v = new Violation("v1", "a1", "tooLong", AT, "2962f6-0-M000-00003", "summ", 1639574814.5585732,
                Map.of(Telemetry.CALL_ID, "2962f6-0-M000-00003", Telemetry.JOB_ID, "2962f6-0-M000",
                        Telemetry.EXPORTED_INSTANCE, "2962f6"));

        ViolationMessage m = ViolationMessages.toMessage(v);

        assertThat(m).isEqualTo(new ViolationMessage("a1", "tooLong", AT, "v1", "2962f6-0-M000-00003", "2962f6",
                "2962f6-0-M000", "2962f6-0-M000-00003", null,
                java.util.List.of(new ViolationMessage.Entry("2962f6-0-M000-00003", 1639574814.5585732, AT, "summ"))));
    }

    @Test
    void identityIsParsedFromACallIdKeyWithoutLabels() {
        ViolationMessage m = ViolationMessages.toMessage(
                new Violation("v1", "a1", "tooLong", AT, "2962f6-0-M000-00003", "", 1, Map.of()));

        assertThat(m.instance()).isEqualTo("2962f6");
        assertThat(m.jobId()).isEqualTo("2962f6-0-M000");
        assertThat(m.callId()).isEqualTo("2962f6-0-M000-00003");
    }

    @Test
    void aJobKeyHasNoCallAndAnInstanceKeyNoJob() {
        ViolationMessage job = ViolationMessages.toMessage(
                new Violation("v1", "a1", "notStarted", AT, "2962f6-0-M000", "", 2, Map.of()));
        ViolationMessage instance = ViolationMessages.toMessage(
                new Violation("v2", "a1", "tooCostly", AT, "2962f6", "", 0.5, Map.of()));
        ViolationMessage other = ViolationMessages.toMessage(
                new Violation("v3", "a1", "cpu", AT, "{host=\"x\"}", "", 0.5, Map.of()));

        assertThat(job.jobId()).isEqualTo("2962f6-0-M000");
        assertThat(job.callId()).isNull();
        assertThat(job.instance()).isEqualTo("2962f6");
        assertThat(instance.instance()).isEqualTo("2962f6");
        assertThat(instance.jobId()).isNull();
        assertThat(other.instance()).isNull();
        assertThat(other.jobId()).isNull();
        assertThat(other.callId()).isNull();
    }

    @Test
    void aNotStartedCallCarriesItsCallId() {
        ViolationMessage m = ViolationMessages.toMessage(new Violation("v1", "a1", "notStarted", AT,
                "2962f6-0-M000-00002", "summ", 2, Map.of(Violations.NOT_STARTED_LABEL, "2962f6-0-M000-00002")));

        assertThat(m.notStarted()).isEqualTo("2962f6-0-M000-00002");
        assertThat(m.callId()).isEqualTo("2962f6-0-M000-00002");
    }

    @Test
    void logLineIsOneStructuredLine() {
        String line = LogNotifier.line(new Violation("v1", "a 1", "tooLong", AT, "2962f6-0-M000-00003", "summ",
                Double.NaN, Map.of()));

        assertThat(line).isEqualTo("violation id=v1 agreement=\"a 1\" guarantee=tooLong key=2962f6-0-M000-00003"
                + " value=NaN time=2021-12-15T13:27:04.307Z resource=summ instance=2962f6 job=2962f6-0-M000"
                + " call=2962f6-0-M000-00003");
    }

    @Test
    void aLineBreakInAGuaranteeNameCannotForgeALogLine() {
        String line = LogNotifier.line(new Violation("v1", "a", "g\n2026-01-01T00:00:00Z ERROR forged", AT,
                "k\r\u001b[2J", "", 1, Map.of()));

        assertThat(line).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b")
                .contains("guarantee=\"g\\n2026-01-01T00:00:00Z ERROR forged\"").contains("key=\"k\\r\\u001b[2J\"");
    }

    @Test
    void passwordsInUrlsAreMasked() {
        assertThat(PasswordMask.mask("cannot reach amqp://sla:s3cret@broker:5672/%2F and http://u:p@h/x"))
                .isEqualTo("cannot reach amqp://sla:****@broker:5672/%2F and http://u:****@h/x");
        assertThat(PasswordMask.mask("http://host:9091/metrics")).isEqualTo("http://host:9091/metrics");
        assertThat(new RabbitMqSettings("amqp://sla:s3cret@broker", "x", false, null,
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)).toString()).doesNotContain("s3cret");
    }
}
