package io.slaguard.executor.profiling;

import java.time.Duration;

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

/** Runs the profiler (SPEC §4) over each local call's process tree, pushing to the Pushgateway. */
public final class ProcessTreeProfiler implements AttemptProfiler {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTreeProfiler.class);

    private final ProfilerConfig config;

    public ProcessTreeProfiler(String pushgatewayUrl, Duration interval) {
        this.config = ProfilerConfig.defaults(pushgatewayUrl).withInterval(interval);
    }

    @Override
    public Session start(long pid, AttemptRequest request) {
        ProfilerHandle handle;
        try {
            handle = Profiler.start(pid, new CallLabels(request.instance(), request.executorId(), request.jobId(),
                    request.callId()), config);
        } catch (RuntimeException e) {
            // a call that cannot be profiled still runs
            LOG.warn("cannot profile {} (pid {}): {}", request.callId(), pid, e.toString());
            return () -> null;
        }
        return () -> {
            CallProfile profile = handle.stop();
            return new AttemptProfile(profile.peakMemoryMb(), profile.cpuSeconds(), profile.readMb(),
                    profile.writtenMb(), profile.samples(), profile.droppedSamples());
        };
    }
}
