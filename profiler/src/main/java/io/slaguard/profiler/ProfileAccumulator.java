package io.slaguard.profiler;

/** Folds samples into a {@link CallProfile}: the largest per-sample sums over the tree. Thread-safe. */
final class ProfileAccumulator {
    private double peakMemoryMb;
    private double cpuSeconds;
    private double readMb;
    private double writtenMb;
    private long samples;

    synchronized void add(Sample sample) {
        double memory = 0;
        double cpu = 0;
        double read = 0;
        double written = 0;
        for (ProcessSample p : sample.processes()) {
            memory += p.memoryMb();
            cpu += p.cpuSeconds();
            read += p.readMb();
            written += p.writtenMb();
        }
        peakMemoryMb = Math.max(peakMemoryMb, memory);
        cpuSeconds = Math.max(cpuSeconds, cpu);
        readMb = Math.max(readMb, read);
        writtenMb = Math.max(writtenMb, written);
        samples++;
    }

    synchronized CallProfile profile(long droppedSamples) {
        return new CallProfile(peakMemoryMb, cpuSeconds, readMb, writtenMb, samples, droppedSamples);
    }
}
