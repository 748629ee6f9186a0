package io.slaguard.profiler;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.slaguard.protocol.Backoff;

/**
 * Profiles a call's process tree and pushes Lithops-compatible samples to the Pushgateway (docs/architecture.md#profiler-metrics).
 * Sampling runs on a small scheduler shared by all calls of the JVM (it only reads local counters);
 * each call gets its own sender thread, so a slow Pushgateway delays nobody else's samples.
 */
public final class Profiler {
    private static final int SAMPLER_THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private static final ScheduledExecutorService SAMPLERS = samplers();

    private Profiler() {
    }

    /**
     * Starts profiling the process {@code pid} and all its descendants until it exits or the handle is stopped.
     * Returns at once; the first sample is taken right away on the sampler thread.
     */
    public static ProfilerHandle start(long pid, CallLabels labels, ProfilerConfig config) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        Objects.requireNonNull(labels, "call labels are missing");
        Objects.requireNonNull(config, "profiler config is missing");
        OshiSources sources = OshiSources.shared();
        SampleSender sender = new SampleSender(new PushgatewayPusher(config.pushgateway(), labels),
                config.queueCapacity(), Backoff.upTo(config.maxBackoff()), labels.callId());
        CallProfiler profiler = new CallProfiler(pid, labels, sources, sources, SAMPLERS,
                new SampleSchedule(config.interval(), new SplittableRandom()), sender);
        profiler.begin();
        return profiler;
    }

    private static ScheduledExecutorService samplers() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(SAMPLER_THREADS, r -> {
            Thread t = new Thread(r, "profiler-sampler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
