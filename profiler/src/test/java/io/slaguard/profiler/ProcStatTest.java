package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void readsReapedChildrenAndStartAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 1000 2000 0 0 50 20 350 125 20 0 1 0 12345 "
                + "1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        ProcStat parsed = ProcStat.parse(stat, 100);
        assertThat(parsed.childrenUserSeconds()).isEqualTo(3.5);
        assertThat(parsed.childrenSystemSeconds()).isEqualTo(1.25);
        assertThat(parsed.startTicks()).isEqualTo(12345);
        assertThat(parsed.ageSeconds(200.0, 100)).isCloseTo(76.55, within(1e-9));
    }

    @Test
    void rejectsALineThatIsNotProcStat() {
        assertThatThrownBy(() -> ProcStat.parse("garbage", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcStat.parse("1 (x) S 1 2", 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheRealFileOfALiveProcessAndNothingForAVanishedOne() {
        assertThat(ProcStat.read(ProcessHandle.current().pid(), 100)).get()
                .satisfies(own -> assertThat(own.ageSeconds(ProcStat.uptimeSeconds(), 100)).isPositive());
        assertThat(ProcStat.read(Integer.MAX_VALUE, 100)).isEmpty();
    }
}
