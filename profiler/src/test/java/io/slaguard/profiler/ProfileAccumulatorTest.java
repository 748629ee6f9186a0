package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProfileAccumulatorTest {
    private static final NetworkSample NO_NETWORK = new NetworkSample(0, 0, 0, 0);

    @Test
    void totalsAreTheLargestPerSampleSumsOverTheTree() {
        ProfileAccumulator accumulator = new ProfileAccumulator();
        // parent and a busy child
        accumulator.add(new Sample(List.of(process(1, 0.1, 0, 10, 0), process(2, 2.0, 0, 50, 5)), NO_NETWORK));
        // the child has exited and been reaped: its CPU and writes now count in the parent
        accumulator.add(new Sample(List.of(process(1, 0.1, 2.5, 12, 6)), NO_NETWORK));

        CallProfile profile = accumulator.profile(3);
        assertThat(profile.cpuSeconds()).isCloseTo(2.6, within(1e-9));
        assertThat(profile.writtenMb()).isCloseTo(6.0, within(1e-9));
        assertThat(profile.peakMemoryMb()).isCloseTo(60.0, within(1e-9));
        assertThat(profile.samples()).isEqualTo(2);
        assertThat(profile.droppedSamples()).isEqualTo(3);
    }

    private static ProcessSample process(long pid, double userSeconds, double childrenUserSeconds, double memoryMb,
                                         double writtenMb) {
        return new ProcessSample(pid, 0, 0, userSeconds, 0, childrenUserSeconds, 0, memoryMb, 0, writtenMb, 0, 0);
    }
}
