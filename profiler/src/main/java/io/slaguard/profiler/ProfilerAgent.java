package io.slaguard.profiler;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Profiles a process that is already running until it exits:
 * {@code java -cp profiler.jar io.slaguard.profiler.ProfilerAgent --pid N --pushgateway URL --call-id ID [--interval 1s]}.
 * Prints the call's profile when done. Exit code 0 when done, 1 if there is no such process, 2 on bad arguments.
 */
public final class ProfilerAgent {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_FLUSH_TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> OPTIONS = List.of("--pid", "--pushgateway", "--call-id", "--interval");

    private ProfilerAgent() {
    }

    /** Parsed command line. */
    record Arguments(long pid, CallLabels call, ProfilerConfig config) {
    }

    public static void main(String[] args) throws InterruptedException {
        // before the first logger exists; an explicit -Dlogback.configurationFile wins
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "profiler-agent-logback.xml");
        }
        Arguments arguments;
        try {
            arguments = parse(args);
        } catch (IllegalArgumentException e) {
            usage(System.err, e.getMessage());
            System.exit(2);
            return;
        }
        if (ProcessHandle.of(arguments.pid()).isEmpty()) {
            System.err.println("error: no process with pid " + arguments.pid());
            System.exit(1);
            return;
        }
        ProfilerHandle handle = Profiler.start(arguments.pid(), arguments.call(), arguments.config());
        // stopped by a signal: still try to deliver the last sample
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            handle.stop();
            try {
                handle.awaitFlushed(SHUTDOWN_FLUSH_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "profiler-agent-stop"));
        while (handle.isRunning()) {
            handle.awaitFlushed(Duration.ofHours(1));
        }
        if (!handle.awaitFlushed(FLUSH_TIMEOUT)) {
            System.err.println("some samples were still unsent after " + FLUSH_TIMEOUT.toSeconds() + " s");
        }
        System.out.println(handle.summary());
    }

    static Arguments parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value;
            int eq = option.indexOf('=');
            if (eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(option + " needs a value");
            }
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option " + option);
            }
            values.put(option, value);
        }
        for (String required : List.of("--pid", "--pushgateway", "--call-id")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException(required + " is required");
            }
        }
        long pid;
        try {
            pid = Long.parseLong(values.get("--pid"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--pid must be a process id, got '" + values.get("--pid") + "'");
        }
        if (pid <= 0) {
            throw new IllegalArgumentException("--pid must be a process id, got " + pid);
        }
        ProfilerConfig config = ProfilerConfig.defaults(values.get("--pushgateway"));
        if (values.containsKey("--interval")) {
            config = config.withInterval(duration("--interval", values.get("--interval")));
        }
        return new Arguments(pid, CallLabels.of(values.get("--call-id")), config);
    }

    /** {@code 500ms}, {@code 1s}, {@code 0.2s}, {@code 1.5m}, or a bare number of seconds. */
    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " must be a duration like 1s, 500ms or 0.2, got '" + text + "'");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal nanosPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            default -> BigDecimal.valueOf(1_000_000_000L);
        };
        return Duration.ofNanos(amount.multiply(nanosPerUnit).longValueExact());
    }

    private static void usage(PrintStream out, String problem) {
        out.println("error: " + problem);
        out.println("usage: ProfilerAgent --pid N --pushgateway http://host:9091 --call-id 58d244-0-M001-00003 [--interval 10s]");
    }
}
