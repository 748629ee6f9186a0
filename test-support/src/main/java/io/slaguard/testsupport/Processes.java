package io.slaguard.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a server process a test started. */
public final class Processes {
    private Processes() {
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL; returns once the process is gone (or 10 s more passed). */
    public static void terminate(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
