package io.slaguard.executor.engine;

/** Why an attempt exists: it decides whether it may start while another attempt of the call runs. */
enum AttemptKind {
    /** Attempt 0. */
    ORIGINAL,
    /** tooLong: runs alongside the straggling attempt; the first success wins. */
    BACKUP,
    /** notStarted: races the queued original to start; whichever starts first runs, the other never does. */
    REINVOKE
}
