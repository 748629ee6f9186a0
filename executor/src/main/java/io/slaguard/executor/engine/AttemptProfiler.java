package io.slaguard.executor.engine;

import io.slaguard.executor.api.AttemptProfile;
import io.slaguard.executor.backend.AttemptRequest;

/** Profiles an attempt's local process tree while it runs. */
public interface AttemptProfiler {

    AttemptProfiler NONE = (pid, request) -> () -> null;

    /** Starts profiling process {@code pid} (and its descendants) of the attempt. */
    Session start(long pid, AttemptRequest request);

    /** A running profile. */
    interface Session {
        /** Stops profiling; the summary, or null when nothing was measured. */
        AttemptProfile stop();
    }
}
