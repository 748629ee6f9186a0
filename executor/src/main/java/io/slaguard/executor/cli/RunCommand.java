package io.slaguard.executor.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallState;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.Backend;
import io.slaguard.executor.backend.LambdaBackend;
import io.slaguard.executor.backend.LambdaSettings;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.AmqpUri;
import io.slaguard.protocol.Ids;
import io.slaguard.remediation.RemediationSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code executor run}: one map job over the inputs, with telemetry, optional remediation and profiling. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = ExecutorCli.Version.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Map a command (local backend) or a Lambda function over inputs.",
                "Prints 'instance: <id>' first, a live progress line on stderr, and a summary table at the end.",
                "Exit code: 0 all calls succeeded, 1 some call failed or was cancelled, 2 bad usage, 3 cannot run."})
final class RunCommand implements Callable<Integer> {
    /** AWS Lambda x86: $0.0000166667 per GB-s, per MB·s. */
    static final double DEFAULT_UNIT_COST = 1.6276e-8;
    static final String ENV_RABBITMQ_URI = "SLA_RABBITMQ_URI";

    @Option(names = "--command", description = "command template; {} is replaced by the input, e.g. 'sh -c \"sleep {}\"'")
    String command;

    @Option(names = "--name", description = "function_name in the telemetry (default: the program's file name, or the Lambda function)")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Inputs inputs;

    static final class Inputs {
        @Option(names = "--inputs", description = "file with one input per line (blank lines skipped)")
        Path file;

        @Option(names = "--range", description = "inputs 0 … N-1")
        Integer range;
    }

    @Option(names = "--memory", defaultValue = "1024", description = "memory of every call, MB")
    int memoryMb;

    @Option(names = "--backend", defaultValue = "local", description = "local or lambda")
    BackendKind backend;

    @Option(names = "--workers", description = "calls running at once (default: max(4, CPUs) local, 100 lambda)")
    Integer workers;

    @Option(names = "--function-name", description = "Lambda function to invoke (lambda backend)")
    String functionName;

    @Option(names = "--region", description = "AWS region (default: $AWS_REGION)")
    String region;

    @Option(names = "--endpoint", description = "Lambda endpoint override (an emulator, a VPC endpoint)")
    URI endpoint;

    @Option(names = "--invoke-timeout", defaultValue = "905s", converter = DurationConverter.class,
            description = "longest a Lambda invocation may take before it counts as a timeout")
    Duration invokeTimeout;

    @Option(names = "--zero-concurrency-on-cancel",
            description = "on tooCostly also set the Lambda function's reserved concurrency to 0 (undo by hand)")
    boolean zeroConcurrencyOnCancel;

    @Option(names = "--sla", description = "apply remediation from the manager's violations (needs --pushgateway and --rabbitmq)")
    boolean sla;

    /** Telemetry goes there; none: no telemetry. */
    @Mixin
    PushgatewayOptions pushgateway;

    @Option(names = "--rabbitmq", showDefaultValue = Visibility.NEVER,
            description = "AMQP URI of the violations broker (default: $SLA_RABBITMQ_URI; the password is never printed)")
    String rabbitmq;

    @Option(names = "--max-attempts", defaultValue = "2", description = "attempts per call, the first included")
    int maxAttempts;

    @Option(names = "--profile", description = "profile every call's process tree (local backend)")
    boolean profile;

    @Option(names = "--profile-interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "profiler sampling interval")
    Duration profileInterval;

    @Option(names = "--unit-cost", defaultValue = "1.6276e-8", description = "dollars per MB·s for the estimated cost")
    double unitCost;

    @Option(names = "--instance", description = "use this instance id (6 hex digits) instead of a random one")
    String instance;

    @Option(names = "--instance-file", description = "write the instance id to this file as soon as it is known")
    Path instanceFile;

    @Option(names = "--retention", defaultValue = "15m", converter = DurationConverter.class,
            description = "keep the instance's Pushgateway groups this long after the run (0: delete at exit)")
    Duration retention;

    @Option(names = "--json", description = "print the summary as one JSON document on stdout (and 'instance: <id>' on stderr)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Option(names = "--results", description = "write '<call id>\\t<state>\\t<result or error>' per call to this file")
    Path resultsFile;

    enum BackendKind {
        local, lambda
    }

    @Override
    public Integer call() throws IOException {
        List<String> inputList = readInputs();
        CallFunction function = function();
        List<URI> pushgatewayUrls = pushgateway.urls();
        URI pushgatewayUrl = pushgatewayUrls.isEmpty() ? null : pushgatewayUrls.get(0);
        String rabbitUri = rabbitmq != null ? rabbitmq : System.getenv(ENV_RABBITMQ_URI);
        validate(pushgatewayUrl, rabbitUri);
        PrintWriter out = spec.commandLine().getOut();
        PrintStream err = System.err;
        Clock clock = Clock.systemUTC();
        ProgressLine progress = new ProgressLine(err, System.console() != null, unitCost, clock);

        FunctionExecutor.Builder builder = FunctionExecutor.builder().backend(backend()).memoryMb(memoryMb)
                .pushgateways(pushgatewayUrls).maxAttempts(maxAttempts).telemetryRetention(retention)
                .clock(clock).remediationListener(progress);
        if (instance != null) {
            builder.instance(instance);
        }
        if (sla) {
            builder.remediation(RemediationSettings.defaults(rabbitUri).withMaxAttempts(maxAttempts));
        }
        if (profile) {
            builder.profiling(profileInterval);
        }
        FunctionExecutor executor = builder.build();
        Thread closer = new Thread(executor::close, "executor-shutdown");
        Runtime.getRuntime().addShutdownHook(closer);
        if (json) {
            err.println("instance: " + executor.instance());
        } else {
            out.println("instance: " + executor.instance());
        }
        if (instanceFile != null) {
            Files.writeString(instanceFile, executor.instance() + "\n");
        }
        Instant begin = clock.instant();
        List<ResponseFuture> futures;
        try {
            progress.follow(executor);
            futures = executor.map(function, inputList);
            executor.waitAll(futures);
        } finally {
            progress.close();
        }
        Duration makespan = Duration.between(begin, clock.instant());
        Instant end = clock.instant();
        // closing first lets a remediation action in flight (e.g. the cancellation that ended the job) be counted
        executor.close();
        Runtime.getRuntime().removeShutdownHook(closer);
        List<CallStatus> calls = executor.calls();
        RunFigures figures = RunFigures.of(calls, end);
        if (json) {
            out.println(RunSummary.of(executor.instance(), makespan, calls, figures, executor.remediationMetrics(),
                    unitCost).toJson());
        } else {
            SummaryTable.print(out, executor.instance(), makespan, calls, figures, executor.remediationMetrics(),
                    unitCost, profile);
        }
        out.flush();
        if (resultsFile != null) {
            writeResults(futures);
        }
        if (executor.pushgateway() != null && !retention.isZero()) {
            scheduleCleanup(executor.pushgateway(), executor.instance());
        }
        return calls.stream().allMatch(c -> c.state() == CallState.SUCCEEDED) ? 0 : 1;
    }

    private List<String> readInputs() throws IOException {
        if (inputs.range != null) {
            if (inputs.range < 1) {
                throw new IllegalArgumentException("--range must be at least 1");
            }
            return IntStream.range(0, inputs.range).mapToObj(Integer::toString).toList();
        }
        List<String> lines = Files.readAllLines(inputs.file).stream().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no inputs in " + inputs.file);
        }
        return lines;
    }

    private CallFunction function() {
        if (backend == BackendKind.lambda) {
            if (functionName == null || command != null) {
                throw new IllegalArgumentException("the lambda backend needs --function-name (and no --command)");
            }
            return CallFunction.lambda(functionName);
        }
        if (command == null || functionName != null) {
            throw new IllegalArgumentException("the local backend needs --command (and no --function-name)");
        }
        List<String> template = CommandLineSplitter.split(command);
        return name == null ? CallFunction.command(template) : CallFunction.command(name, template);
    }

    private void validate(URI pushgatewayUrl, String rabbitUri) {
        if (memoryMb < 1) {
            throw new IllegalArgumentException("--memory must be at least 1 MB");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--max-attempts must be at least 1");
        }
        if (instance != null && !Ids.isInstance(instance)) {
            throw new IllegalArgumentException("--instance must be 6 lowercase hex digits, e.g. 58d244");
        }
        if (sla && (pushgatewayUrl == null || rabbitUri == null)) {
            throw new IllegalArgumentException("--sla needs --pushgateway (or $" + PushgatewayOptions.ENV_PUSHGATEWAY_URL
                    + ") and --rabbitmq (or $" + ENV_RABBITMQ_URI + ")");
        }
        if (sla) {
            try {
                AmqpUri.parse(rabbitUri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--rabbitmq (or $" + ENV_RABBITMQ_URI + "): " + e.getMessage(), e);
            }
        }
        if (profile && (pushgatewayUrl == null || backend != BackendKind.local)) {
            throw new IllegalArgumentException("--profile needs --pushgateway and the local backend");
        }
        if (!Double.isFinite(unitCost) || unitCost < 0) {
            throw new IllegalArgumentException("--unit-cost must be a non-negative number");
        }
    }

    private Backend backend() {
        if (backend == BackendKind.local) {
            return LocalBackend.withWorkers(workers != null ? workers : Math.max(4, Runtime.getRuntime().availableProcessors()));
        }
        String awsRegion = region != null ? region : System.getenv("AWS_REGION");
        LambdaSettings settings = LambdaSettings.of(awsRegion).withInvokeTimeout(invokeTimeout)
                .withConcurrency(workers != null ? workers : LambdaSettings.DEFAULT_CONCURRENCY)
                .withZeroConcurrencyOnCancel(zeroConcurrencyOnCancel);
        return new LambdaBackend(endpoint == null ? settings : settings.withEndpoint(endpoint));
    }

    private void writeResults(List<ResponseFuture> futures) throws IOException {
        List<String> lines = new ArrayList<>();
        for (ResponseFuture future : futures) {
            String outcome;
            try {
                outcome = future.result().strip().replace('\n', ' ').replace('\t', ' ');
            } catch (RuntimeException e) {
                outcome = e.getMessage() == null ? e.toString() : e.getMessage().replace('\n', ' ');
            }
            lines.add(future.callId() + "\t" + future.status().state().name().toLowerCase() + "\t" + outcome);
        }
        Files.write(resultsFile, lines);
    }

    /** The run's process is about to exit: a detached {@code executor cleanup} deletes its groups after retention. */
    private void scheduleCleanup(URI pushgatewayUrl, String instanceId) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            cmd.addAll(List.of("-jar", classPath));
        } else {
            cmd.addAll(List.of("-cp", classPath, ExecutorCli.class.getName()));
        }
        cmd.addAll(List.of("cleanup", "--pushgateway", pushgatewayUrl.toString(), "--instance", instanceId,
                "--after", retention.toMillis() + "ms"));
        try {
            new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            System.err.println("telemetry of instance " + instanceId + " stays in the Pushgateway for " + retention
                    + " (a background 'executor cleanup' deletes it)");
        } catch (IOException e) {
            System.err.println("cannot schedule the deletion of the instance's telemetry (" + e.getMessage()
                    + "); run: executor cleanup --pushgateway " + pushgatewayUrl + " --instance " + instanceId);
        }
    }
}
