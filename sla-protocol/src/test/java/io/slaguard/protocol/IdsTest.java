package io.slaguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void parsesAndFormatsLithopsIds() {
        Ids.CallRef call = Ids.parseCall("58d244-0-M001-00003");
        assertThat(call.instance()).isEqualTo("58d244");
        assertThat(call.job().executorId()).isEqualTo("58d244-0");
        assertThat(call.job().kind()).isEqualTo(Ids.JobKind.MAP);
        assertThat(call.jobId()).isEqualTo("58d244-0-M001");
        assertThat(call.index()).isEqualTo(3);
        assertThat(call.callId()).isEqualTo("58d244-0-M001-00003");
        assertThat(Ids.job("58d244-12", Ids.JobKind.REDUCE, 7).call(100000).callId())
                .isEqualTo("58d244-12-R007-100000");
        assertThat(Ids.newInstance()).matches("[0-9a-f]{6}");
    }

    @Test
    void rejectsAnythingElseWithAClearMessage() {
        assertThatThrownBy(() -> Ids.parseCall("58d244-0-X001-00003"))
                .hasMessageContaining("not a valid call id").hasMessageContaining("58d244-0-M001-00003");
        assertThatThrownBy(() -> Ids.parseJob("58D244-0-M001")).hasMessageContaining("job id");
        assertThatThrownBy(() -> Ids.parseCall(null)).hasMessageContaining("missing");
        assertThat(Ids.isCallId("58d244-0-M001-0003")).isFalse();
        assertThat(Ids.isJobId("58d244-0-M001")).isTrue();
    }

    @Test
    void callGroupOfFirstAttemptHasNoAttemptPart() {
        assertThat(Telemetry.groupPath(Telemetry.PUSH_JOB,
                Telemetry.callGroup("58d244", "58d244-0-M001", "58d244-0-M001-00003", "summ", 0)))
                .isEqualTo("/metrics/job/lithops/instance/58d244/job_id/58d244-0-M001/call_id/58d244-0-M001-00003/function_name/summ");
        assertThat(Telemetry.callGroup("58d244", "58d244-0-M001", "58d244-0-M001-00003", "summ", 1))
                .containsEntry("attempt", "1");
    }
}
