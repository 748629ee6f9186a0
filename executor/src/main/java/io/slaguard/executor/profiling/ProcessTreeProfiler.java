package io.slaguard.executor.profiling;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.executor.api.AttemptProfile;
import io.slaguard.executor.backend.AttemptRequest;
import io.slaguard.executor.engine.AttemptProfiler;
import io.slaguard.profiler.CallLabels;
import io.slaguard.profiler.CallProfile;
import io.slaguard.profiler.Profiler;
import io.slaguard.profiler.ProfilerConfig;
import io.slaguard.profiler.ProfilerHandle;

/** Runs the profiler (docs/architecture.md#profiler-metrics) over each local call's process tree, pushing to the Pushgateway. */
public final class ProcessTreeProfiler implements AttemptProfiler {
    private static final Logger log = LoggerFactory.getLogger(ProcessTreeProfiler.class);

    private final ProfilerConfig config;
    // its own threads: the common pool may be busy (or have a single thread on a small machine)
    private final ExecutorService starters = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "profiler-start");
        thread.setDaemon(true);
        return thread;
    });

    public ProcessTreeProfiler(String pushgatewayUrl, Duration interval) {
        this.config = ProfilerConfig.defaults(pushgatewayUrl).withInterval(interval);
    }

    /**
     * Starts profiling off the worker thread (the profiler's first start initialises OSHI, which can take a
     * while), so the call's own bookkeeping never waits for it.
     */
    @Override
    public Session start(long pid, AttemptRequest request) {
        CompletableFuture<ProfilerHandle> handle = CompletableFuture.supplyAsync(() -> Profiler.start(pid,
                new CallLabels(request.instance(), request.executorId(), request.jobId(), request.callId()), config), starters);
        return () -> {
            CallProfile profile;
            try {
                profile = handle.join().stop();
            } catch (RuntimeException e) {
                // a call that could not be profiled still ran
                log.warn("cannot profile {} (pid {}): {}", request.callId(), pid, e.toString());
                return null;
            }
            return new AttemptProfile(profile.peakMemoryMb(), profile.cpuSeconds(), profile.readMb(),
                    profile.writtenMb(), profile.samples(), profile.droppedSamples());
        };
    }
}
