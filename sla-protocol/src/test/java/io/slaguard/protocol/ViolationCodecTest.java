package io.slaguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ViolationCodecTest {
    private final Instant at = Instant.parse("2021-12-15T13:27:04.307Z");

    @Test
    void writesTheUpstreamShapeAndReadsItBack() {
        ViolationMessage m = new ViolationMessage("a1", "tooLong", at, "v-1", "2962f6-0-M000-00003", "2962f6",
                "2962f6-0-M000", "2962f6-0-M000-00003", null,
                List.of(new ViolationMessage.Entry("2962f6-0-M000-00003", 1639574814.5585732, at, "summ")));
        String json = new String(ViolationCodec.encode(m), StandardCharsets.UTF_8);
        assertThat(json).contains("\"Fields\":{\"AgreementId\":\"a1\",\"Guarantee\":\"tooLong\"")
                .contains("\"ViolationTime\":\"2021-12-15T13:27:04.307Z\"")
                .contains("\"Message\":[{\"key\":\"2962f6-0-M000-00003\",\"value\":1.6395748145585732E9");
        assertThat(ViolationCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
    }

    @Test
    void nanNeverBreaksTheBody() {
        ViolationMessage m = new ViolationMessage("a1", "tooCostly", at, "v-2", "2962f6", "2962f6", null, null, null,
                List.of(new ViolationMessage.Entry("2962f6", Double.NaN, at, "")));
        String json = new String(ViolationCodec.encode(m), StandardCharsets.UTF_8);
        assertThat(json).contains("\"value\":\"NaN\"");
        assertThat(ViolationCodec.decode(json.getBytes(StandardCharsets.UTF_8)).value()).isNaN();
    }

    @Test
    void readsTheLegacyBodyWithoutTheNewFields() {
        String legacy = "{\"Fields\":{\"AgreementId\":\"tooLong\",\"Guarantee\":\"tooLong\"},"
                + "\"Message\":[{\"key\":\"2962f6-0-M000-00003\",\"value\":12.5,\"datetime\":\"2021-12-15T13:27:04.307Z\",\"resource\":\"summ\"}]}";
        ViolationMessage m = ViolationCodec.decode(legacy.getBytes(StandardCharsets.UTF_8));
        assertThat(m.key()).isEqualTo("2962f6-0-M000-00003");
        assertThat(m.value()).isEqualTo(12.5);
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> ViolationCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ViolationCodec.MalformedViolationException.class);
        assertThatThrownBy(() -> ViolationCodec.decode("{\"Fields\":{}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Guarantee");
    }
}
