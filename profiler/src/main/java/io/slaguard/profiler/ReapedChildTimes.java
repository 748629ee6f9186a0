package io.slaguard.profiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU seconds of the children a process has waited for ({@code cutime}, {@code cstime} of
 * {@code /proc/<pid>/stat}). OSHI does not report them; other systems give none, so 0 there.
 */
record ReapedChildTimes(double userSeconds, double systemSeconds) {
    static final ReapedChildTimes NONE = new ReapedChildTimes(0, 0);
    private static final Path PROC = Path.of("/proc");
    // fields after the ")" that closes the command name, counted from "state" (field 3 of proc(5))
    private static final int CUTIME = 16 - 3;
    private static final int CSTIME = 17 - 3;

    static boolean supported() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** Reads them for a live process; empty if it vanished. */
    static Optional<ReapedChildTimes> read(long pid, long ticksPerSecond) {
        try {
            return Optional.of(parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")), ticksPerSecond));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Parses a {@code /proc/<pid>/stat} line; the command name may hold spaces and parentheses. */
    static ReapedChildTimes parse(String stat, long ticksPerSecond) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length <= CSTIME) {
            throw new IllegalArgumentException("/proc/<pid>/stat line too short: " + stat);
        }
        return new ReapedChildTimes(Long.parseLong(fields[CUTIME]) / (double) ticksPerSecond,
                Long.parseLong(fields[CSTIME]) / (double) ticksPerSecond);
    }
}
