package io.slaguard.bench.executor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;

import io.slaguard.executor.api.AttemptStatus;
import io.slaguard.executor.api.CallFunction;
import io.slaguard.executor.api.CallStatus;
import io.slaguard.executor.FunctionExecutor;
import io.slaguard.executor.api.ResponseFuture;
import io.slaguard.executor.backend.LocalBackend;
import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * the targets' (docs/architecture.md#figures-to-reach) tooCostly figure through the real loop: an instance whose calls all keep running crosses its budget,
 * the SLA manager jar assesses the shipped tooCostly template every period over Prometheus (1 s scrape of a private
 * Pushgateway) and publishes the violation to RabbitMQ, and the executor's remediation consumer cancels the
 * instance. Per run: when the budget was crossed (computed afterwards from the attempts' own start and end
 * instants, the values the executor pushed), the instant of the tick that found it, when the consumer cancelled
 * the instance, and what the instance had spent when its last call stopped, past the budget.
 *
 * <p>Arguments (all optional): {@code --calls 20 --memory 1024 --seconds 120 --max-cost 0.005
 * --unit-cost 1.6276e-8 --period 2 --repeat 10 --out FILE --manager-jar PATH --templates agreements/templates}.
 */
public final class CostBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double SCRAPE_INTERVAL = 1.0;

    private final int calls;
    private final int memoryMb;
    private final double seconds;
    private final double maxCost;
    private final double unitCost;
    private final Duration period;

    private CostBenchmark(Map<String, String> args) {
        calls = Integer.parseInt(args.getOrDefault("calls", "20"));
        memoryMb = Integer.parseInt(args.getOrDefault("memory", "1024"));
        seconds = Double.parseDouble(args.getOrDefault("seconds", "120"));
        maxCost = Double.parseDouble(args.getOrDefault("max-cost", "0.005"));
        unitCost = Double.parseDouble(args.getOrDefault("unit-cost", "1.6276e-8"));
        period = BenchArgs.seconds(args, "period", "2");
    }

    /**
     * One run, instants in epoch seconds: budget crossed, tick that found it, last call stopped by the consumer's
     * cancellation; dollars spent when the last call stopped.
     */
    record Run(String instance, double crossed, double tick, double stopped, double spent) {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchArgs.parse(argv);
        if (!args.containsKey("manager-jar")) {
            throw new IllegalArgumentException("--manager-jar PATH is required: the figure is the real loop's");
        }
        int repeat = Integer.parseInt(args.getOrDefault("repeat", "10"));
        CostBenchmark bench = new CostBenchmark(args);
        String agreement = "bench-tooCostly-" + System.currentTimeMillis();
        List<Run> runs = new ArrayList<>();
        Random phase = new Random(7);
        try (ManagerLoop manager = ManagerLoop.start(Path.of(args.get("manager-jar")),
                Path.of(args.getOrDefault("templates", "agreements/templates")), bench.period)) {
            manager.createTooCostlyAgreement("cloudbutton_tooCostly", agreement, bench.unitCost, bench.maxCost);
            for (int r = 0; r < repeat; r++) {
                // start each run at another point of the tick, so the crossings fall at every phase
                Thread.sleep((long) (phase.nextDouble() * bench.period.toMillis()));
                Run run = bench.run(manager, agreement);
                runs.add(run);
                System.err.printf(Locale.ROOT, "run %d/%d: instance %s, crossed → tick %.2f s, → stopped %.2f s,"
                                + " spent $%.6f (budget $%.6f)%n", r + 1, repeat, run.instance(),
                        run.tick() - run.crossed(), run.stopped() - run.crossed(), run.spent(), bench.maxCost);
            }
        }
        String table = bench.table(runs);
        System.out.println(table);
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), table);
        }
    }

    private Run run(ManagerLoop manager, String agreement) throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        FunctionExecutor.Builder builder = FunctionExecutor.builder().backend(LocalBackend.withWorkers(calls))
                .memoryMb(memoryMb).pushgateway(manager.pushgateway()).telemetryRetention(Duration.ZERO)
                .remediation(RemediationSettings.defaults(manager.rabbitUri()).withQueueExpiry(Duration.ofMinutes(10)))
                .remediationListener(record -> {
                    if (Violations.ACTION_CANCEL_INSTANCE.equals(record.action()) && record.applied()) {
                        cancelled.set(true);
                    }
                });
        try (FunctionExecutor executor = builder.build()) {
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                inputs.add(Double.toString(seconds));
            }
            List<ResponseFuture> futures = executor.map(CallFunction.command("sleeper", List.of("sleep", "{}")),
                    inputs);
            executor.waitAll(futures);
            // the consumer records its action once the action has returned, which completed the futures
            Awaitility.await("instance " + executor.instance() + " cancelled by the consumer")
                    .atMost(Duration.ofSeconds(30)).untilTrue(cancelled);
            List<CallStatus> statuses = executor.calls();
            double stopped = statuses.stream().flatMap(c -> c.attempts().stream()).map(AttemptStatus::end)
                    .filter(e -> e != null).max(Comparator.naturalOrder()).map(CostBenchmark::epoch).orElseThrow();
            double crossed = crossing(statuses);
            return new Run(executor.instance(), crossed, firstViolation(manager, agreement, executor.instance()),
                    stopped, spent(statuses, stopped));
        }
    }

    private double spent(List<CallStatus> statuses, double at) {
        return spent(statuses, at, unitCost);
    }

    /** Dollars spent up to {@code at}: every attempt's MB·s up to then (or to its end), at the unit cost. */
    static double spent(List<CallStatus> statuses, double at, double unitCost) {
        double memorySeconds = 0;
        for (CallStatus call : statuses) {
            for (AttemptStatus attempt : call.attempts()) {
                if (attempt.start() != null) {
                    double end = attempt.end() == null ? at : Math.min(at, epoch(attempt.end()));
                    memorySeconds += Math.max(0, end - epoch(attempt.start())) * call.memoryMb();
                }
            }
        }
        return memorySeconds * unitCost;
    }

    /** The instant the spending reached the budget: spending only grows, so bisection to a microsecond. */
    private double crossing(List<CallStatus> statuses) {
        double low = statuses.stream().map(CallStatus::firstStart).filter(s -> s != null)
                .min(Comparator.naturalOrder()).map(CostBenchmark::epoch).orElseThrow();
        double high = statuses.stream().flatMap(c -> c.attempts().stream()).map(AttemptStatus::end)
                .filter(e -> e != null).max(Comparator.naturalOrder()).map(CostBenchmark::epoch).orElseThrow();
        if (spent(statuses, high) < maxCost) {
            throw new IllegalStateException("the instance never reached its budget, yet was cancelled");
        }
        while (high - low > 1e-6) {
            double middle = (low + high) / 2;
            if (spent(statuses, middle) >= maxCost) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }

    /** The tick instant of the instance's first tooCostly violation, as the manager stored it. */
    private static double firstViolation(ManagerLoop manager, String agreement, String instance) throws Exception {
        JsonNode list = JSON.readTree(manager.get("/violations?agreement=" + agreement + "&key="
                + URLEncoder.encode(instance, StandardCharsets.UTF_8) + "&limit=1000"));
        double first = Double.POSITIVE_INFINITY;
        for (JsonNode violation : list) {
            first = Math.min(first, epoch(Instant.parse(violation.path("datetime").asString())));
        }
        if (first == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("the manager stored no violation for instance " + instance);
        }
        return first;
    }

    static double epoch(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    private String table(List<Run> runs) {
        double periodSeconds = period.toMillis() / 1000.0;
        double bound = periodSeconds + SCRAPE_INTERVAL + 0.5;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d calls of %.0f s at %d MB on the local backend, all running; budget"
                        + " $%s at $%s per MB·s (crossed after about %.1f s); checkPeriod %.1f s, scrape %.0f s;"
                        + " %d runs%n%n", calls, seconds, memoryMb, maxCost, unitCost,
                maxCost / (calls * memoryMb * unitCost), periodSeconds, SCRAPE_INTERVAL, runs.size()));
        out.append("| run | instance | crossed → tick s | tick → last call stopped s | crossed → last call stopped s"
                + " | spent $ | overspend $ | overspend % |\n");
        out.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            out.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f | %.6f | %.6f | %.1f |%n",
                    i + 1, run.instance(), run.tick() - run.crossed(), run.stopped() - run.tick(),
                    run.stopped() - run.crossed(), run.spent(), run.spent() - maxCost,
                    100 * (run.spent() - maxCost) / maxCost));
        }
        List<Double> latency = runs.stream().map(r -> r.stopped() - r.crossed()).sorted().toList();
        List<Double> overspend = runs.stream().map(r -> 100 * (r.spent() - maxCost) / maxCost).sorted().toList();
        long withinBound = latency.stream().filter(l -> l <= bound).count();
        long withinTick = runs.stream().filter(r -> r.tick() - r.crossed() <= periodSeconds).count();
        out.append(String.format(Locale.ROOT, "%nCrossed → last call stopped: p50 %.2f s, p95 %.2f s, max %.2f s;"
                        + " within checkPeriod + scrape + 0.5 s (%.1f s): %d of %d. Found by the first tick after the"
                        + " crossing (crossed → tick ≤ checkPeriod): %d of %d. Overspend: p50 %.1f %%, p95 %.1f %%,"
                        + " max %.1f %% of the budget.%n", quantile(latency, 0.5), quantile(latency, 0.95),
                latency.get(latency.size() - 1), bound, withinBound, runs.size(), withinTick, runs.size(),
                quantile(overspend, 0.5), quantile(overspend, 0.95), overspend.get(overspend.size() - 1)));
        return out.toString();
    }

    /** Nearest-rank quantile of sorted values. */
    static double quantile(List<Double> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
