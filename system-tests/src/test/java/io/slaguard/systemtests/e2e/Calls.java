package io.slaguard.systemtests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.slaguard.executor.api.CallFunction;

/**
 * Shell calls that log every process they start ({@code <call id> <attempt> <pid>}, one line per attempt that
 * really ran) to {@code runs} in a directory, then print {@code r-<input>}: what the tests count attempts with.
 */
final class Calls {
    static final String RUNS = "runs";

    private Calls() {
    }

    /** One process start, as the call itself logged it. */
    record Run(String callId, int attempt, long pid) {
        boolean isAlive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /**
     * A call running {@code body} (POSIX sh, with the call's identity in {@code SLA_INPUT}, {@code SLA_CALL_ID},
     * {@code SLA_ATTEMPT}); {@code exec} in the body makes the logged pid that of the long-running program.
     */
    static CallFunction script(String name, Path dir, String body) {
        String script = "echo \"$SLA_CALL_ID $SLA_ATTEMPT $$\" >> '" + dir.resolve(RUNS) + "'; " + body
                + "; echo \"r-$SLA_INPUT\"";
        return CallFunction.command(name, List.of("sh", "-c", script));
    }

    /** The classic straggler: input {@code stragglerInput} sleeps {@code slowSeconds} on attempt 0, every run else {@code seconds}. */
    static CallFunction straggler(Path dir, String stragglerInput, int seconds, int slowSeconds) {
        return script("straggler", dir, "if [ \"$SLA_INPUT\" = '" + stragglerInput + "' ] && [ \"$SLA_ATTEMPT\" = 0 ];"
                + " then exec sleep " + slowSeconds + "; fi; sleep " + seconds);
    }

    static List<Run> runs(Path dir) {
        Path file = dir.resolve(RUNS);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(line -> line.split(" "))
                    .map(f -> new Run(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Run> runsOf(Path dir, String callId) {
        return runs(dir).stream().filter(run -> run.callId().equals(callId)).toList();
    }
}
