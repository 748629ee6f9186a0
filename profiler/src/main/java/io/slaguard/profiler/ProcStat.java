package io.slaguard.profiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Linux's {@code /proc/<pid>/stat} tells beyond OSHI: CPU seconds of the children the process has waited for
 * ({@code cutime}, {@code cstime}) and its exact start ({@code starttime}, clock ticks after boot), which tells a
 * reused pid apart and gives a young process's age to the tick (OSHI's epoch start time is rounded to the boot
 * second and clamped, so it is useless for a process a moment old).
 */
record ProcStat(double childrenUserSeconds, double childrenSystemSeconds, long startTicks) {
    private static final Path PROC = Path.of("/proc");
    // fields after the ")" that closes the command name, counted from "state" (field 3 of proc(5))
    private static final int CUTIME = 16 - 3;
    private static final int CSTIME = 17 - 3;
    private static final int STARTTIME = 22 - 3;

    static boolean supported() {
        return Files.isReadable(PROC.resolve("self/stat")) && Files.isReadable(PROC.resolve("uptime"));
    }

    /** Reads it for a live process; empty if the process vanished. */
    static Optional<ProcStat> read(long pid, long ticksPerSecond) {
        try {
            return Optional.of(parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")), ticksPerSecond));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Seconds since boot, from {@code /proc/uptime}. */
    static double uptimeSeconds() {
        try {
            String uptime = Files.readString(PROC.resolve("uptime")).trim();
            return Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/uptime", e);
        }
    }

    /** Parses a {@code /proc/<pid>/stat} line; the command name may hold spaces and parentheses. */
    static ProcStat parse(String stat, long ticksPerSecond) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length <= STARTTIME) {
            throw new IllegalArgumentException("/proc/<pid>/stat line too short: " + stat);
        }
        return new ProcStat(Long.parseLong(fields[CUTIME]) / (double) ticksPerSecond,
                Long.parseLong(fields[CSTIME]) / (double) ticksPerSecond, Long.parseLong(fields[STARTTIME]));
    }

    /** Age of the process at the given uptime. */
    double ageSeconds(double uptimeSeconds, long ticksPerSecond) {
        return uptimeSeconds - startTicks / (double) ticksPerSecond;
    }
}
