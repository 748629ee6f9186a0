package io.slaguard.bench.executor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.remediation.RemediationSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The straggler experiment of docs/architecture.md#figures-to-reach: N calls of T seconds (real {@code sleep} processes on the local backend),
 * S of them F× slower on their first attempt; the makespan with no speculation, with this system's tooLong rule,
 * with Spark's and with Cubed's speculation rules, next to the straggler-free run. Each rule is evaluated every
 * period against the executor's call records and acts through the executor's own remediation action
 * ({@code startBackup}: the first attempt to succeed wins, the loser's process tree is killed).
 *
 * <p>With {@code --manager-jar} the tooLong rule also runs for real: the SLA manager jar assesses the shipped
 * tooLong template every period over Prometheus (1 s scrape of a private Pushgateway) and publishes violations
 * to RabbitMQ, where the executor's remediation consumer picks them up. Before, one straggler-free run of the same
 * function through the manager teaches its learning plane; the learned tooLong template (a prior from the predicted
 * p95) then runs the same way, side by side.
 *
 * <p>Arguments (all optional): {@code --calls 100 --seconds 2 --stragglers 5 --slowdown 10 --workers 100
 * --period 1 --repeat 1 --out FILE --manager-jar PATH --templates agreements/templates --learned-tfactor 1.3}.
 */
public final class StragglerBenchmark {
    static final String MANAGER_SCENARIO = "tooLong through the SLA manager (TFACTOR 1.3)";
    static final String FUNCTION = "sleeper";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int calls;
    private final double seconds;
    private final int stragglers;
    private final double slowdown;
    private final int workers;
    private final Duration period;
    /** TFACTOR of the learned template: its deadline is TFACTOR × the predicted p95. */
    private final double learnedTfactor;
    /** The calls of the last run, as they ended. */
    private List<CallStatus> lastCalls = List.of();

    private StragglerBenchmark(Map<String, String> args) {
        calls = Integer.parseInt(args.getOrDefault("calls", "100"));
        seconds = Double.parseDouble(args.getOrDefault("seconds", "2"));
        stragglers = Integer.parseInt(args.getOrDefault("stragglers", "5"));
        slowdown = Double.parseDouble(args.getOrDefault("slowdown", "10"));
        workers = Integer.parseInt(args.getOrDefault("workers", "100"));
        period = BenchArgs.seconds(args, "period", "1");
        learnedTfactor = Double.parseDouble(args.getOrDefault("learned-tfactor", "1.3"));
    }

    /**
     * One run's outcome; through the manager also, over the relaunched calls, the mean seconds from the first
     * attempt's start to the manager's first violation of the call, and from that violation to the backup's start
     * (NaN in-process).
     */
    record Run(String scenario, double makespan, long backups, int attempts, double startToViolation,
               double violationToBackup) {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchArgs.parse(argv);
        int repeat = Integer.parseInt(args.getOrDefault("repeat", "1"));
        StragglerBenchmark bench = new StragglerBenchmark(args);
        List<SpeculationPolicy> policies = List.of(SpeculationPolicy.NONE, SpeculationPolicy.tooLong(1.3),
                SpeculationPolicy.spark(0.75, 1.5), SpeculationPolicy.cubed());
        List<Run> runs = new ArrayList<>();
        ManagerLoop manager = null;
        if (args.containsKey("manager-jar")) {
            manager = ManagerLoop.start(Path.of(args.get("manager-jar")), Path.of(args.getOrDefault("templates",
                    "agreements/templates")), bench.period);
            bench.teach(manager);
        }
        try {
            for (int r = 0; r < repeat; r++) {
                runs.add(bench.run("straggler-free", false, SpeculationPolicy.NONE, null));
                for (SpeculationPolicy policy : policies) {
                    runs.add(bench.run(policy.name(), true, policy, null));
                }
                if (manager != null) {
                    runs.add(bench.throughManager(MANAGER_SCENARIO, "cloudbutton_tooLong", 1.3, manager));
                    runs.add(bench.throughManager(String.format(Locale.ROOT, "learned tooLong through the SLA manager"
                            + " (TFACTOR %s × predicted p95)", bench.learnedTfactor), "learned_tooLong",
                            bench.learnedTfactor, manager));
                }
            }
        } finally {
            if (manager != null) {
                manager.close();
            }
        }
        String table = bench.table(runs, repeat);
        System.out.println(table);
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), table);
        }
    }

    /**
     * The run that teaches the manager: the straggler-free job through the manager (telemetry kept long enough for
     * its history to read every attempt), then the wait for a served model of the function.
     */
    private void teach(ManagerLoop manager) throws Exception {
        FunctionExecutor.Builder builder = FunctionExecutor.builder().backend(LocalBackend.withWorkers(workers))
                .memoryMb(1024).pushgateway(manager.pushgateway()).telemetryRetention(Duration.ofMinutes(10));
        try (FunctionExecutor executor = builder.build()) {
            executor.getResult(executor.map(sleeper(), inputs(false)));
            Awaitility.await("a served model of " + FUNCTION).atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500)).until(() -> JSON.readTree(manager.get("/models?function_name="
                            + FUNCTION)).findValues("serving").stream().anyMatch(JsonNode::asBoolean));
        }
        System.err.println("taught: " + manager.get("/predictions?function_name=" + FUNCTION + "&memory_mb=1024"
                + "&job_total_calls=" + calls));
    }

    /** A run whose backups come from the violations of an agreement made from {@code template}, alone for the run. */
    private Run throughManager(String scenario, String template, double tfactor, ManagerLoop manager)
            throws Exception {
        String agreement = "bench-" + template.replace('_', '-') + "-" + System.currentTimeMillis();
        manager.createTooLongAgreement(template, agreement, tfactor);
        try {
            Run run = run(scenario, true, SpeculationPolicy.NONE, manager);
            return latencies(run, manager, agreement);
        } finally {
            manager.terminate(agreement);
        }
    }

    /** The run with its detection split: first attempt's start → first violation → backup's start, means. */
    private Run latencies(Run run, ManagerLoop manager, String agreement) throws Exception {
        Map<String, Double> firstViolation = new HashMap<>();
        for (JsonNode v : JSON.readTree(manager.get("/violations?agreement=" + agreement + "&limit=1000"))) {
            firstViolation.merge(v.path("key").asString(), Instant.parse(v.path("datetime").asString()).toEpochMilli()
                    / 1000.0, Math::min);
        }
        double toViolation = 0;
        double toBackup = 0;
        int relaunched = 0;
        for (CallStatus call : lastCalls) {
            Double violation = firstViolation.get(call.callId());
            if (call.attempts().size() > 1 && call.attempts().get(1).start() != null && violation != null) {
                double start = call.attempts().get(0).start().toEpochMilli() / 1000.0;
                double backup = call.attempts().get(1).start().toEpochMilli() / 1000.0;
                toViolation += violation - start;
                toBackup += backup - violation;
                relaunched++;
            }
        }
        Run split = new Run(run.scenario(), run.makespan(), run.backups(), run.attempts(),
                relaunched == 0 ? Double.NaN : toViolation / relaunched, relaunched == 0 ? Double.NaN : toBackup / relaunched);
        System.err.printf(Locale.ROOT, "%-40s first attempt → violation %.2f s, violation → backup %.2f s%n",
                split.scenario(), split.startToViolation(), split.violationToBackup());
        return split;
    }

    private CallFunction sleeper() {
        // attempt 0 sleeps its input; every relaunch takes the normal time
        return CallFunction.command(FUNCTION, List.of("sh", "-c",
                "if [ \"$SLA_ATTEMPT\" = 0 ]; then sleep {}; else sleep " + seconds + "; fi"));
    }

    /**
     * One run. With {@code manager}, the executor pushes its telemetry and takes its backups from the manager's
     * tooLong violations over RabbitMQ, as in production; otherwise {@code policy} is checked in-process.
     */
    private Run run(String scenario, boolean withStragglers, SpeculationPolicy policy, ManagerLoop manager) {
        List<String> inputs = inputs(withStragglers);
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong backups = new AtomicLong();
        FunctionExecutor.Builder builder = FunctionExecutor.builder().backend(LocalBackend.withWorkers(workers))
                .memoryMb(1024).maxAttempts(2);
        if (manager != null) {
            builder.pushgateway(manager.pushgateway()).telemetryRetention(Duration.ZERO)
                    .remediation(RemediationSettings.defaults(manager.rabbitUri()).withMaxAttempts(2)
                            .withQueueExpiry(Duration.ofMinutes(10)));
        }
        try (FunctionExecutor executor = builder.build()) {
            Instant begin = Instant.now();
            List<ResponseFuture> futures = executor.map(sleeper(), inputs);
            checker.scheduleAtFixedRate(() -> {
                List<CallStatus> snapshot = executor.calls();
                policy.stragglers(snapshot, Instant.now()).forEach(callId -> {
                    if (executor.remediationActions().startBackup(callId).outcome() == Outcome.APPLIED) {
                        backups.incrementAndGet();
                    }
                });
            }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            executor.getResult(futures);
            double makespan = Duration.between(begin, Instant.now()).toNanos() / 1e9;
            checker.shutdownNow();
            int attempts = (int) executor.calls().stream().mapToLong(c -> c.attempts().stream()
                    .filter(a -> a.start() != null).count()).sum();
            lastCalls = executor.calls();
            Run run = new Run(scenario, makespan, backups.get(), attempts, Double.NaN, Double.NaN);
            System.err.printf(Locale.ROOT, "%-40s makespan %6.2f s, backups %d, attempts %d%n", run.scenario(),
                    run.makespan(), run.backups(), run.attempts());
            return run;
        } finally {
            checker.shutdownNow();
        }
    }

    /** T for every call; F×T for S calls spread over the job (fixed seed, so every scenario slows the same calls). */
    private List<String> inputs(boolean withStragglers) {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            inputs.add(Double.toString(seconds));
        }
        if (withStragglers) {
            Random random = new Random(42);
            int slowed = 0;
            while (slowed < stragglers) {
                int index = random.nextInt(calls);
                if (inputs.get(index).equals(Double.toString(seconds))) {
                    inputs.set(index, Double.toString(seconds * slowdown));
                    slowed++;
                }
            }
        }
        return inputs;
    }

    private String table(List<Run> runs, int repeat) {
        Map<String, List<Run>> byScenario = new LinkedHashMap<>();
        runs.forEach(run -> byScenario.computeIfAbsent(run.scenario(), k -> new ArrayList<>()).add(run));
        double baseline = byScenario.get("straggler-free").stream().mapToDouble(Run::makespan).average().orElseThrow();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d calls of %.1f s, %d of them %.0f× slower on their first attempt; "
                        + "%d workers; rules checked every %.1f s; %d run(s) each, mean makespan%n%n", calls, seconds,
                stragglers, slowdown, workers, period.toMillis() / 1000.0, repeat));
        out.append("| scenario | makespan (s) | × straggler-free | backups | attempts | start → violation (s) |"
                + " violation → backup (s) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        byScenario.forEach((scenario, list) -> {
            double makespan = list.stream().mapToDouble(Run::makespan).average().orElseThrow();
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f | %.1f | %s | %s |%n", scenario, makespan,
                    makespan / baseline, list.stream().mapToLong(Run::backups).average().orElseThrow(),
                    list.stream().mapToInt(Run::attempts).average().orElseThrow(),
                    seconds(list.stream().mapToDouble(Run::startToViolation).average().orElseThrow()),
                    seconds(list.stream().mapToDouble(Run::violationToBackup).average().orElseThrow())));
        });
        return out.toString();
    }

    private static String seconds(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }
}
