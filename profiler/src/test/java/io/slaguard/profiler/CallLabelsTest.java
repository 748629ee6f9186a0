package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallLabelsTest {

    @Test
    void readsEverythingFromTheCallId() {
        assertThat(CallLabels.of("58d244-0-M001-00003"))
                .isEqualTo(new CallLabels("58d244", "58d244-0", "58d244-0-M001", "58d244-0-M001-00003"));
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheCallId() {
        assertThatThrownBy(() -> new CallLabels("58d244", "58d244-1", "58d244-0-M001", "58d244-0-M001-00003"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> CallLabels.of("58d244-0-M001")).hasMessageContaining("not a valid call id");
    }
}
