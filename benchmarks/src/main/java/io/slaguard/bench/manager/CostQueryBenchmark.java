package io.slaguard.bench.manager;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.protocol.Telemetry;
import io.slaguard.protocol.Times;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tooCostly violation query in the D and R formulation (docs/architecture.md#toocostly-d-and-r) against the one the shipped template holds, on the scale
 * workload (100 jobs of 100 calls over 10 instances, pushed into a Pushgateway without the push consistency
 * check, scraped every second): both give the same cost per instance at one instant, and each is timed alone,
 * alternately, as the manager sends it (MAXCOST $4). Arguments: rounds (default 5), jobs (default 100), seconds
 * Prometheus keeps scraping the workload before the timing (default 0; the manager benchmark timed its queries
 * after about 300 s of ingestion).
 */
public final class CostQueryBenchmark {
    private static final Logger log = LoggerFactory.getLogger(CostQueryBenchmark.class);
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path TEMPLATE = Path.of("agreements/templates/cloudbutton_tooCostly.json");
    /** The cost of docs/architecture.md#toocostly-d-and-r: D and R each evaluated twice. */
    private static final String D_AND_R_COST_FUNCTIONS = "sum by (exported_instance) (((((sum by (job_id, exported_instance) (function_end - function_start) or sum by (job_id, exported_instance) (function_start) * 0) + (sum by (job_id, exported_instance) (function_cancel - function_start) or sum by (job_id, exported_instance) (function_start) * 0)) or (sum by (job_id, exported_instance) (time() - (function_start unless on(call_id, attempt) (function_end or function_cancel)))) * 0) + ((sum by (job_id, exported_instance) (time() - (function_start unless on(call_id, attempt) (function_end or function_cancel)))) or ((sum by (job_id, exported_instance) (function_end - function_start) or sum by (job_id, exported_instance) (function_start) * 0) + (sum by (job_id, exported_instance) (function_cancel - function_start) or sum by (job_id, exported_instance) (function_start) * 0)) * 0)) * on(job_id, exported_instance) max by (job_id, exported_instance) (job_runtime_memory))";

    private CostQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Duration ingestion = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 0);
        Map<String, String> costFunctions = new LinkedHashMap<>();
        costFunctions.put("D and R", D_AND_R_COST_FUNCTIONS);
        costFunctions.put("shipped", shippedCostFunctions());
        Path work = Files.createTempDirectory("cost-query-bench");
        try (BenchPushgateway pushgateway = BenchPushgateway.launch(work.resolve("pushgateway"), false);
             QueryLoggingPrometheus prometheus = QueryLoggingPrometheus.launch(pushgateway.address(),
                     work.resolve("prometheus"), Duration.ofSeconds(1))) {
            ScaleWorkload workload = ScaleWorkload.plan(jobs, 100, 10, 0.6, 1, Times.epochSeconds(Instant.now()), 42);
            TelemetryPusher pusher = new TelemetryPusher(pushgateway.url(), 100);
            PushLoad.Result pushed = PushLoad.run(pusher, workload, 100);
            pusher.close();
            log.info("pushed {} events in {} s, {} refused", pushed.pushes(), pushed.wallSeconds(), pushed.failures());
            String starts = "count(" + Telemetry.FUNCTION_START + ")";
            Awaitility.await("every start scraped").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> prometheus.value(starts) == workload.calls().size());

            // the ingestion time is what is varied here: a fuller head block makes every selector slower
            log.info("Prometheus ingests the workload for {} before the timing", ingestion);
            Thread.sleep(ingestion.toMillis());
            double at = Times.epochSeconds(Instant.now());
            Map<String, Map<String, Double>> values = new LinkedHashMap<>();
            for (var e : costFunctions.entrySet()) {
                values.put(e.getKey(), costPerInstance(prometheus.url(), e.getValue(), at));
            }
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            costFunctions.keySet().forEach(name -> seconds.put(name, new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                for (var e : costFunctions.entrySet()) {
                    seconds.get(e.getKey()).add(prometheus.time("(0.000000016276 * (" + e.getValue() + ")) >= 4"));
                }
            }
            System.out.println(report(workload, values, seconds));
        }
    }

    private static String shippedCostFunctions() throws Exception {
        for (JsonNode variable : JSON.readTree(Files.readString(TEMPLATE)).path("details").path("variables")) {
            if ("costFunctions".equals(variable.path("name").asString())) {
                return variable.path("metric").asString();
            }
        }
        throw new IllegalStateException(TEMPLATE + " has no costFunctions variable");
    }

    /** MB·s per exported_instance, evaluated at {@code at}. */
    private static Map<String, Double> costPerInstance(String prometheusUrl, String promql, double at) throws Exception {
        String url = prometheusUrl + "/api/v1/query?time=" + String.format(Locale.ROOT, "%.3f", at) + "&query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        try (Response response = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
            JsonNode body = JSON.readTree(response.body().string());
            Map<String, Double> cost = new TreeMap<>();
            for (JsonNode series : body.path("data").path("result")) {
                cost.put(series.path("metric").path(Telemetry.EXPORTED_INSTANCE).asString(),
                        Double.parseDouble(series.path("value").get(1).asString()));
            }
            return cost;
        }
    }

    private static String report(ScaleWorkload workload, Map<String, Map<String, Double>> values,
                                 Map<String, List<Double>> seconds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d calls in %d jobs over %d instances%n", workload.calls().size(),
                workload.jobs().size(), workload.instances().size()));
        List<Map<String, Double>> all = List.copyOf(values.values());
        double worst = 0;
        for (String instance : all.get(0).keySet()) {
            double a = all.get(0).get(instance);
            Double b = all.get(1).get(instance);
            worst = b == null ? Double.POSITIVE_INFINITY : Math.max(worst, Math.abs(a - b) / a);
        }
        out.append(String.format(Locale.ROOT, "instances: %s; largest relative difference of cost: %.2e%n",
                values.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()).toList(), worst));
        seconds.forEach((name, times) -> out.append(String.format(Locale.ROOT, "%-8s ms: %s  median %.0f%n", name,
                times.stream().map(s -> String.format(Locale.ROOT, "%.0f", s * 1000)).toList(),
                times.stream().sorted().toList().get(times.size() / 2) * 1000)));
        out.append("load average: ").append(loadAverage());
        return out.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
