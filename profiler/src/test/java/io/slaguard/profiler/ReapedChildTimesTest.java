package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReapedChildTimesTest {

    @Test
    void readsCutimeAndCstimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 1000 2000 0 0 50 20 350 125 20 0 1 0 12345 "
                + "1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        ReapedChildTimes times = ReapedChildTimes.parse(stat, 100);
        assertThat(times.userSeconds()).isEqualTo(3.5);
        assertThat(times.systemSeconds()).isEqualTo(1.25);
    }

    @Test
    void rejectsALineThatIsNotProcStat() {
        assertThatThrownBy(() -> ReapedChildTimes.parse("garbage", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReapedChildTimes.parse("1 (x) S 1 2", 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheRealFileOfALiveProcessAndNothingForAVanishedOne() {
        assertThat(ReapedChildTimes.read(ProcessHandle.current().pid(), 100)).isPresent();
        assertThat(ReapedChildTimes.read(Integer.MAX_VALUE, 100)).isEmpty();
    }
}
