package io.slaguard.profiler;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.slaguard.protocol.BuildVersion;
import io.slaguard.protocol.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * Profiles a process that is already running until it exits:
 * {@code java -jar profiler-…-agent.jar --pid N --pushgateway URL --call-id ID [--interval 1s]}.
 * Prints the call's profile when done. Exit code 0 when done (also {@code --help}, {@code --version}), 1 if there
 * is no such process, 2 on bad arguments: the executor CLI's conventions.
 */
@Command(name = "profiler-agent", mixinStandardHelpOptions = true, versionProvider = ProfilerAgent.Version.class,
        sortOptions = false,
        description = {"Profile a running process tree until it exits, pushing samples to a Pushgateway; then print "
                + "the call's profile.",
                "Exit code: 0 done, 1 no such process, 2 bad usage."})
public final class ProfilerAgent implements Callable<Integer> {
    static final int NO_SUCH_PROCESS = 1;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_FLUSH_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--pid", required = true, description = "the process to profile (its children are included)")
    long pid;

    @Option(names = "--pushgateway", required = true, description = "Pushgateway URL, e.g. http://127.0.0.1:9091")
    String pushgateway;

    @Option(names = "--call-id", required = true, converter = CallIdConverter.class,
            description = "the call the process runs, e.g. 58d244-0-M001-00003")
    CallLabels call;

    @Option(names = "--interval", converter = DurationConverter.class,
            description = "sampling interval: 500ms, 1s, 0.2 (seconds), 1.5m (default: 10s)")
    Duration interval;

    /** Parsed command line. */
    record Arguments(long pid, CallLabels call, ProfilerConfig config) {
    }

    /** The version of the build, as {@code profiler-agent 0.1.0}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildVersion.of("profiler-agent")};
        }
    }

    static final class CallIdConverter implements CommandLine.ITypeConverter<CallLabels> {
        @Override
        public CallLabels convert(String value) {
            try {
                return CallLabels.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        // before the first logger exists; an explicit -Dlogback.configurationFile wins
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "profiler-agent-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new ProfilerAgent());
    }

    /**
     * The command line checked and turned into settings, without running anything.
     *
     * @throws CommandLine.ParameterException or IllegalArgumentException naming the bad option
     */
    static Arguments parse(String... args) {
        ProfilerAgent agent = new ProfilerAgent();
        new CommandLine(agent).parseArgs(args);
        return agent.arguments();
    }

    private Arguments arguments() {
        if (pid <= 0) {
            throw new IllegalArgumentException("--pid must be a process id, got " + pid);
        }
        ProfilerConfig config = ProfilerConfig.defaults(pushgateway);
        return new Arguments(pid, call, interval == null ? config : config.withInterval(interval));
    }

    @Override
    public Integer call() throws InterruptedException {
        Arguments arguments;
        try {
            arguments = arguments();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        if (ProcessHandle.of(arguments.pid()).isEmpty()) {
            System.err.println("error: no process with pid " + arguments.pid());
            return NO_SUCH_PROCESS;
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
        return CommandLine.ExitCode.OK;
    }
}
