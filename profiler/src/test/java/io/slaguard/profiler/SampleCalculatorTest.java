package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class SampleCalculatorTest {
    private static final long MB = 1024 * 1024;
    private static final long START = 4_200;

    private final SampleCalculator calculator = new SampleCalculator();

    @Test
    void ratesAreDeltasOverTheIntervalBetweenRounds() {
        calculator.next(round(0, process(7, 10, 1.0, 0.5, 10 * MB, 100 * MB)));
        // 2 s later: 3 more CPU seconds (1.5 cores), 4 MB read, 20 MB written
        ProcessSample p = calculator.next(round(2_000_000_000L,
                process(7, 12, 3.5, 1.0, 14 * MB, 120 * MB))).processes().get(0);

        assertThat(p.cpuPercent()).isCloseTo(150.0, within(1e-9));
        assertThat(p.readMbPerSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(p.writtenMbPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(p.readMb()).isCloseTo(14.0, within(1e-9));
        assertThat(p.writtenMb()).isCloseTo(120.0, within(1e-9));
        assertThat(p.userSeconds()).isEqualTo(3.5);
        assertThat(p.systemSeconds()).isEqualTo(1.0);
    }

    @Test
    void aProcessSeenForTheFirstTimeIsMeasuredSinceItsStart() {
        // started 4 s before the round, used 2 CPU seconds and wrote 8 MB
        ProcessSample p = calculator.next(round(0, process(9, 4, 1.5, 0.5, 0, 8 * MB))).processes().get(0);

        assertThat(p.cpuPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(p.writtenMbPerSecond()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aReusedPidIsANewProcessNotANegativeDelta() {
        calculator.next(round(0, process(7, 100, 50, 10, 0, 500 * MB)));
        // 2 s later pid 7 is a process started 1 s ago that used half a CPU second
        ProcessReading reused = new ProcessReading(7, 1, START + 100, 1.0, 0.5, 0, 0, 0, MB, 0, 0);
        ProcessSample p = calculator.next(round(2_000_000_000L, reused)).processes().get(0);

        assertThat(p.cpuPercent()).isCloseTo(50.0, within(1e-9));
        assertThat(p.writtenMbPerSecond()).isZero();
    }

    @Test
    void hostNetworkRatesNeedAPreviousRound() {
        NetworkSample first = calculator.next(new TreeReading(0, List.of(), new NetworkReading(10 * MB, 2 * MB)))
                .network();
        NetworkSample second = calculator.next(new TreeReading(500_000_000L, List.of(),
                new NetworkReading(11 * MB, 4 * MB))).network();

        assertThat(first.readMbPerSecond()).isZero();
        assertThat(first.readMb()).isCloseTo(10.0, within(1e-9));
        assertThat(second.readMbPerSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(second.writtenMbPerSecond()).isCloseTo(4.0, within(1e-9));
        assertThat(second.writtenMb()).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void residentMemoryIsInMegabytes() {
        ProcessReading reading = new ProcessReading(3, 1, START, 1.0, 0, 0, 0, 0, 64 * MB, 0, 0);
        assertThat(calculator.next(round(0, reading)).processes().get(0).memoryMb())
                .isCloseTo(64.0, within(1e-9));
    }

    private static ProcessReading process(long pid, double age, double user, double system, long read, long written) {
        return new ProcessReading(pid, 1, START, age, user, system, 0, 0, 0, read, written);
    }

    private static TreeReading round(long nanos, ProcessReading... processes) {
        return new TreeReading(nanos, List.of(processes), new NetworkReading(0, 0));
    }
}
