package io.slaguard.bench.executor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.remediation.RemediationActions.Outcome;
import io.slaguard.remediation.RemediationSettings;

/**
 * The straggler experiment of docs/architecture.md#figures-to-reach: N calls of T seconds (real {@code sleep} processes on the local backend),
 * S of them F× slower on their first attempt; the makespan with no speculation, with this system's tooLong rule,
 * with Spark's and with Cubed's speculation rules, next to the straggler-free run. Each rule is evaluated every
 * period against the executor's call records and acts through the executor's own remediation action
 * ({@code startBackup}: the first attempt to succeed wins, the loser's process tree is killed).
 *
 * <p>With {@code --manager-jar} the tooLong rule also runs for real: the SLA manager jar assesses the shipped
 * tooLong template every period over Prometheus (1 s scrape of a private Pushgateway) and publishes violations
 * to RabbitMQ, where the executor's remediation consumer picks them up.
 *
 * <p>Arguments (all optional): {@code --calls 100 --seconds 2 --stragglers 5 --slowdown 10 --workers 100
 * --period 1 --repeat 1 --out FILE --manager-jar PATH --templates agreements/templates}.
 */
public final class StragglerBenchmark {
    static final String MANAGER_SCENARIO = "tooLong through the SLA manager (TFACTOR 1.3)";

    private final int calls;
    private final double seconds;
    private final int stragglers;
    private final double slowdown;
    private final int workers;
    private final Duration period;

    private StragglerBenchmark(Map<String, String> args) {
        calls = Integer.parseInt(args.getOrDefault("calls", "100"));
        seconds = Double.parseDouble(args.getOrDefault("seconds", "2"));
        stragglers = Integer.parseInt(args.getOrDefault("stragglers", "5"));
        slowdown = Double.parseDouble(args.getOrDefault("slowdown", "10"));
        workers = Integer.parseInt(args.getOrDefault("workers", "100"));
        period = BenchArgs.seconds(args, "period", "1");
    }

    /** One run's outcome. */
    record Run(String scenario, double makespan, long backups, int attempts) {
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
            manager.createTooLongAgreement("bench-tooLong-" + System.currentTimeMillis(), 1.3);
        }
        try {
            for (int r = 0; r < repeat; r++) {
                runs.add(bench.run("straggler-free", false, SpeculationPolicy.NONE, null));
                for (SpeculationPolicy policy : policies) {
                    runs.add(bench.run(policy.name(), true, policy, null));
                }
                if (manager != null) {
                    runs.add(bench.run(MANAGER_SCENARIO, true, SpeculationPolicy.NONE, manager));
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
            // attempt 0 sleeps its input; every relaunch takes the normal time
            CallFunction sleep = CallFunction.command("sleeper", List.of("sh", "-c",
                    "if [ \"$SLA_ATTEMPT\" = 0 ]; then sleep {}; else sleep " + seconds + "; fi"));
            Instant begin = Instant.now();
            List<ResponseFuture> futures = executor.map(sleep, inputs);
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
            Run run = new Run(scenario, makespan, backups.get(), attempts);
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
        out.append("| scenario | makespan (s) | × straggler-free | backups | attempts |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        byScenario.forEach((scenario, list) -> {
            double makespan = list.stream().mapToDouble(Run::makespan).average().orElseThrow();
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f | %.1f |%n", scenario, makespan,
                    makespan / baseline, list.stream().mapToLong(Run::backups).average().orElseThrow(),
                    list.stream().mapToInt(Run::attempts).average().orElseThrow()));
        });
        return out.toString();
    }
}
