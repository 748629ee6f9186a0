package io.slaguard.bench.executor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;

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
 * The budget forecast through the real loop, next to the spend rule in the same run. One job of the function first
 * teaches the manager's learning plane (its history, then a served model). Then a job whose total cost would be twice
 * the budget runs under the learned tooCostly template (the forecast) and, once, under the plain one (the spend): what
 * each had spent when its last call stopped. Then a job that stays under budget runs many times under the learned
 * template: how often it was cancelled (it never should be).
 *
 * <p>Arguments (all optional): {@code --calls 20 --memory 1024 --seconds 60 --unit-cost 1.6276e-8 --period 1
 * --over-runs 3 --under-runs 20 --under-share 0.8 --out FILE --manager-jar PATH --templates agreements/templates}.
 * The budget is half the full job's cost (every call at {@code seconds}); the job under budget has
 * {@code under-share} of the budget's worth of calls.
 */
public final class ForecastBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FUNCTION = "forecast-sleeper";

    private final int calls;
    private final int memoryMb;
    private final double seconds;
    private final double unitCost;
    private final double maxCost;
    private final int underCalls;
    private final Duration period;

    private ForecastBenchmark(Map<String, String> args) {
        calls = Integer.parseInt(args.getOrDefault("calls", "20"));
        memoryMb = Integer.parseInt(args.getOrDefault("memory", "1024"));
        seconds = Double.parseDouble(args.getOrDefault("seconds", "60"));
        unitCost = Double.parseDouble(args.getOrDefault("unit-cost", "1.6276e-8"));
        maxCost = calls * seconds * memoryMb * unitCost / 2;
        underCalls = (int) Math.floor(calls * Double.parseDouble(args.getOrDefault("under-share", "0.8")) / 2);
        period = BenchArgs.seconds(args, "period", "1");
    }

    /** One job: dollars spent when its last call stopped, whether the instance was cancelled, seconds it ran. */
    record Run(String rule, double spent, boolean cancelled, double makespan) {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchArgs.parse(argv);
        if (!args.containsKey("manager-jar")) {
            throw new IllegalArgumentException("--manager-jar PATH is required: the figure is the real loop's");
        }
        ForecastBenchmark bench = new ForecastBenchmark(args);
        int overRuns = Integer.parseInt(args.getOrDefault("over-runs", "3"));
        int underRuns = Integer.parseInt(args.getOrDefault("under-runs", "20"));
        List<Run> over = new ArrayList<>();
        List<Run> under = new ArrayList<>();
        try (ManagerLoop manager = ManagerLoop.start(Path.of(args.get("manager-jar")),
                Path.of(args.getOrDefault("templates", "agreements/templates")), bench.period)) {
            bench.teach(manager);
            String learned = bench.agreement(manager, "learned_tooCostly");
            for (int r = 0; r < overRuns; r++) {
                over.add(bench.run(manager, "forecast (learned_tooCostly)", bench.calls));
            }
            for (int r = 0; r < underRuns; r++) {
                under.add(bench.run(manager, "forecast (learned_tooCostly), under budget", bench.underCalls));
            }
            manager.terminate(learned);
            String plain = bench.agreement(manager, "cloudbutton_tooCostly");
            over.add(bench.run(manager, "spend (cloudbutton_tooCostly)", bench.calls));
            manager.terminate(plain);
        }
        String table = bench.table(over, under);
        System.out.println(table);
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), table);
        }
    }

    /**
     * Teaching runs of the function until a model of it is served (at most three): durations as a real function's
     * spread, one call in five half as long again. A run whose calls all take the same time may teach no served model:
     * the empirical median then does not beat the mean on held-out calls (they tie, up to noise).
     */
    private void teach(ManagerLoop manager) throws Exception {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            inputs.add(Double.toString(i % 5 == 4 ? seconds * 1.5 : seconds));
        }
        for (int run = 1; run <= 3 && !served(manager); run++) {
            int versions = JSON.readTree(manager.get("/models?function_name=" + FUNCTION)).size();
            try (FunctionExecutor executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(calls))
                    .memoryMb(memoryMb).pushgateway(manager.pushgateway()).telemetryRetention(Duration.ofMinutes(10))
                    .build()) {
                executor.getResult(executor.map(sleeper(), inputs));
                Awaitility.await("a model of " + FUNCTION + " trained").atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> JSON.readTree(manager.get("/models?function_name=" + FUNCTION)).size() > versions);
            }
            System.err.println("teaching run " + run + ": " + manager.get("/models?function_name=" + FUNCTION));
        }
        System.err.println("taught: " + manager.get("/predictions?function_name=" + FUNCTION + "&memory_mb=" + memoryMb
                + "&job_total_calls=" + calls));
    }

    private static boolean served(ManagerLoop manager) throws Exception {
        return JSON.readTree(manager.get("/models?function_name=" + FUNCTION)).findValues("serving").stream()
                .anyMatch(JsonNode::asBoolean);
    }

    private String agreement(ManagerLoop manager, String template) throws Exception {
        String name = "bench-" + template.replace('_', '-') + "-" + System.currentTimeMillis();
        manager.createTooCostlyAgreement(template, name, unitCost, maxCost);
        return name;
    }

    private Run run(ManagerLoop manager, String rule, int jobCalls) throws Exception {
        AtomicReference<Boolean> cancelled = new AtomicReference<>(false);
        try (FunctionExecutor executor = FunctionExecutor.builder().backend(LocalBackend.withWorkers(jobCalls))
                .memoryMb(memoryMb).pushgateway(manager.pushgateway()).telemetryRetention(Duration.ZERO)
                .remediation(RemediationSettings.defaults(manager.rabbitUri()).withQueueExpiry(Duration.ofMinutes(10)))
                .remediationListener(record -> {
                    if (Violations.ACTION_CANCEL_INSTANCE.equals(record.action()) && record.applied()) {
                        cancelled.set(true);
                    }
                }).build()) {
            double begin = System.currentTimeMillis() / 1000.0;
            List<ResponseFuture> futures = executor.map(sleeper(), inputs(jobCalls));
            executor.waitAll(futures);
            double end = System.currentTimeMillis() / 1000.0;
            List<CallStatus> statuses = executor.calls();
            Run run = new Run(rule, CostBenchmark.spent(statuses, end, unitCost), executor.isCancelled(), end - begin);
            System.err.printf(Locale.ROOT, "%-45s %d calls: spent $%.6f (%.1f %% of the budget $%.6f), %s after %.1f s%n",
                    rule, jobCalls, run.spent(), 100 * run.spent() / maxCost, maxCost,
                    run.cancelled() ? "cancelled" : "not cancelled", run.makespan());
            return run;
        }
    }

    private CallFunction sleeper() {
        return CallFunction.command(FUNCTION, List.of("sleep", "{}"));
    }

    private List<String> inputs(int count) {
        return Collections.nCopies(count, Double.toString(seconds));
    }

    private String table(List<Run> over, List<Run> under) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Jobs of %.0f s calls at %d MB, every call"
                + " at once; budget $%.6f (half of %d calls' cost); checkPeriod %.1f s, scrape 1 s%n%n", seconds,
                memoryMb, maxCost, calls, period.toMillis() / 1000.0));
        out.append("| rule | job | runs | cancelled | spent when stopped, % of budget (p50 / max) |\n");
        out.append("|---|---|---:|---:|---:|\n");
        for (String rule : over.stream().map(Run::rule).distinct().toList()) {
            row(out, rule, calls + " calls (2× budget)", over.stream().filter(r -> r.rule().equals(rule)).toList());
        }
        if (!under.isEmpty()) {
            row(out, under.get(0).rule(), underCalls + " calls (" + Math.round(100.0 * underCalls * 2 / calls)
                    + " % of budget)", under);
        }
        return out.toString();
    }

    private void row(StringBuilder out, String rule, String job, List<Run> runs) {
        List<Double> share = runs.stream().map(r -> 100 * r.spent() / maxCost).sorted().toList();
        out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f / %.1f |%n", rule, job, runs.size(),
                runs.stream().filter(Run::cancelled).count(), CostBenchmark.quantile(share, 0.5),
                share.get(share.size() - 1)));
    }
}
