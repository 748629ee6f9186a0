package io.slaguard.profiler;

/**
 * What a call's process tree consumed, as far as the samples saw it. Totals are the largest per-sample sum over
 * the tree; a reaped child's CPU time and I/O count in its parent (the kernel adds them there), so work done
 * between two samples by a short-lived child is still seen once its parent has waited for it.
 *
 * @param peakMemoryMb   largest resident set of the whole tree in one sample, MB (2^20 bytes)
 * @param cpuSeconds     user + system CPU seconds of the tree, reaped children included
 * @param readMb         MB the tree read from storage
 * @param writtenMb      MB the tree wrote to storage
 * @param samples        samples taken
 * @param droppedSamples samples that never reached the Pushgateway (so far)
 */
public record CallProfile(double peakMemoryMb, double cpuSeconds, double readMb, double writtenMb, long samples,
                          long droppedSamples) {
}
