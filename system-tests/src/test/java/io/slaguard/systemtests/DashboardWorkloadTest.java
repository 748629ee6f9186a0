package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.slaguard.protocol.Telemetry;
import io.slaguard.systemtests.Dashboards.Dashboard;
import io.slaguard.testsupport.EngineKind;
import io.slaguard.testsupport.MonitoringStack;
import tools.jackson.databind.JsonNode;

/**
 * The worker-fed dashboards (cost, jobs, profiler) on the workload of the worked example in docs/architecture.md#toocostly-d-and-r: a job with a
 * 2 s call, a call whose first attempt was cancelled after 10 s and whose backup took 2 s, and a call running
 * for 9.3 s, 1024 MB each, profiled. Every panel shows data, and the cost panels give the tooCostly figures, on
 * Prometheus and on VictoriaMetrics: both scrape the one Pushgateway, and every panel query gives the same series
 * with the same values (within {@link #TOLERANCE}) on both at the same instant.
 */
class DashboardWorkloadTest {
    private static final double UNITCOST = 1.6276e-8;
    private static final int MEMORY_MB = 1024;
    private static final List<String> WORKER_FED = List.of("sla-cost", "jobs", "profiler");

    /**
     * Relative, or absolute below 1: VictoriaMetrics may return a pushed epoch timestamp one float64 step off, so
     * durations computed from timestamps may differ by a few 2.4e-7 s (see the manager's EngineAssessors).
     */
    private static final double TOLERANCE = 1e-6;

    private static MonitoringStack stack;
    private static Map<EngineKind, PromQl> engines;
    private static String instance;
    /**
     * The evaluation instant: the running call has run 9.3 s by then. It lies ahead of the pushes, so the first
     * scrape comes before it however slowly the stack starts; Prometheus evaluates a later instant on the newest samples.
     */
    private static double at;

    @BeforeAll
    static void pushTheWorkload() {
        stack = MonitoringStack.launch();
        engines = new LinkedHashMap<>();
        stack.engines().forEach(engine -> engines.put(engine.kind(), new PromQl(engine.url())));
        Pushes push = new Pushes(stack.pushgateway().url());
        instance = String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
        String executor = instance + "-0";
        String job = executor + "-M000";
        double t0 = System.currentTimeMillis() / 1000.0;
        at = t0 + 30;

        push.job(instance, job, "work", 3, MEMORY_MB);
        String fast = job + "-00000";
        push.event(instance, fast, "work", 0, Telemetry.FUNCTION_START, t0 - 20);
        push.event(instance, fast, "work", 0, Telemetry.FUNCTION_END, t0 - 18);
        String straggler = job + "-00001";
        push.event(instance, straggler, "work", 0, Telemetry.FUNCTION_START, t0 - 15);
        push.event(instance, straggler, "work", 1, Telemetry.FUNCTION_START, t0 - 8);
        push.event(instance, straggler, "work", 1, Telemetry.FUNCTION_END, t0 - 6);
        push.event(instance, straggler, "work", 0, Telemetry.FUNCTION_CANCEL, t0 - 5);
        String running = job + "-00002";
        push.event(instance, running, "work", 0, Telemetry.FUNCTION_START, at - 9.3);
        push.profile(instance, job, executor, running, 4100, 4101);

        // two scrapes of everything: the trend panel fits a line through at least two points
        engines.forEach((engine, promql) -> Awaitility.await("the workload scraped twice by " + engine)
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> promql.now("count_over_time(function_cancel{exported_instance=\"" + instance + "\"}[1m]) >= 2"
                        + " and on() count_over_time(cpu_usage{exported_instance=\"" + instance + "\"}[1m]) >= 2").size() == 1));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static Stream<Dashboards.Query> workerFedQueries() {
        return Dashboards.all().stream().filter(d -> WORKER_FED.contains(d.uid())).flatMap(d -> Dashboards.queries(d).stream());
    }

    /** The workload has every kind of event (finished, cancelled, relaunched, running, profiled): no query is empty. */
    @ParameterizedTest
    @MethodSource("workerFedQueries")
    void everyQueryShowsTheWorkload(Dashboards.Query panel) {
        String expr = Dashboards.substitute(panel.expr(), values(panel.dashboard()));
        assertThat(onBoth(expr, at)).as(panel + ": " + expr).isNotEmpty();
    }

    @Test
    void costPanelsGiveTheWorkedExamplesFigures() {
        Dashboard cost = dashboard("sla-cost");
        JsonNode panel = panel(cost, "Cost per instance against MAXCOST");
        double finished = only(cost, panel, "A");
        double running = only(cost, panel, "B");
        double total = only(cost, panel, "C");
        assertThat(finished).isCloseTo(14 * MEMORY_MB * UNITCOST, within(1e-12));
        assertThat(running).isCloseTo(9.3 * MEMORY_MB * UNITCOST, within(1e-12));
        assertThat(total).isCloseTo(23.3 * MEMORY_MB * UNITCOST, within(1e-12));
        assertThat(only(cost, panel, "D")).isEqualTo(0.01);
    }

    @Test
    void totalCostPanelEqualsTheShippedTooCostlyValueAtTheSameInstant() {
        Dashboard cost = dashboard("sla-cost");
        double total = only(cost, panel(cost, "Total cost"), "A");
        String tooCostlyValue = TooCostlyTemplate.unitCostDefault() + " * (" + TooCostlyTemplate.costFunctions() + ")";
        List<PromQl.Series> tooCostly = onBoth(tooCostlyValue, at).stream()
                .filter(s -> s.label(Telemetry.EXPORTED_INSTANCE).equals(instance)).toList();
        assertThat(tooCostly).hasSize(1);
        assertThat(total).isEqualTo(tooCostly.get(0).value());
    }

    @Test
    void callTableShowsEveryAttemptWithTheRelaunchNumbered() {
        Dashboard jobs = dashboard("jobs");
        List<PromQl.Series> elapsed = onBoth(
                Dashboards.substitute(target(panel(jobs, "Calls and attempts"), "D"), values(jobs)), at);
        Map<String, Double> byAttempt = new java.util.TreeMap<>();
        elapsed.forEach(s -> byAttempt.put(s.label(Telemetry.CALL_ID).substring(instance.length() + 8) + "#" + s.label("attempt"),
                s.value()));
        assertThat(byAttempt).containsOnlyKeys("00000#0", "00001#0", "00001#1", "00002#0");
        assertThat(byAttempt.get("00000#0")).isCloseTo(2, within(1e-6));
        assertThat(byAttempt.get("00001#0")).isCloseTo(10, within(1e-6));
        assertThat(byAttempt.get("00001#1")).isCloseTo(2, within(1e-6));
        assertThat(byAttempt.get("00002#0")).isCloseTo(9.3, within(1e-6));
    }

    /**
     * The expression's result at {@link #at} on Prometheus, after checking that VictoriaMetrics gives the same series
     * with the same values.
     */
    private static List<PromQl.Series> onBoth(String expr, double time) {
        List<PromQl.Series> reference = engines.get(EngineKind.PROMETHEUS).at(expr, time);
        Map<Map<String, String>, Double> expected = byLabels(reference);
        engines.forEach((engine, promql) -> {
            Map<Map<String, String>, Double> actual = byLabels(promql.at(expr, time));
            assertThat(actual.keySet()).as(engine + " vs Prometheus: " + expr).isEqualTo(expected.keySet());
            expected.forEach((labels, value) -> assertThat(Double.compare(actual.get(labels), value) == 0
                    || Math.abs(actual.get(labels) - value) <= TOLERANCE * Math.max(1, Math.abs(value)))
                    .as("%s vs Prometheus: %s %s is %s, expected %s", engine, expr, labels, actual.get(labels), value)
                    .isTrue());
        });
        return reference;
    }

    private static Map<Map<String, String>, Double> byLabels(List<PromQl.Series> series) {
        Map<Map<String, String>, Double> values = new java.util.HashMap<>();
        series.forEach(s -> values.put(s.labels(), s.value()));
        return values;
    }

    /** The dashboard's defaults, narrowed to this test's instance where a dashboard selects by instance. */
    private static Map<String, String> values(Dashboard dashboard) {
        Map<String, String> values = new java.util.HashMap<>(dashboard.defaults());
        values.computeIfPresent("instance", (k, v) -> instance);
        values.computeIfPresent("job", (k, v) -> instance + "-.*");
        return values;
    }

    private static Dashboard dashboard(String uid) {
        return Dashboards.all().stream().filter(d -> d.uid().equals(uid)).findFirst().orElseThrow();
    }

    private static JsonNode panel(Dashboard dashboard, String title) {
        return dashboard.queryPanels().stream().filter(p -> p.path("title").asString().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no panel '" + title + "' in " + dashboard));
    }

    private static String target(JsonNode panel, String refId) {
        for (JsonNode t : panel.path("targets")) {
            if (t.path("refId").asString().equals(refId)) {
                return t.path("expr").asString();
            }
        }
        throw new AssertionError("no target " + refId + " in " + panel.path("title").asString());
    }

    private static double only(Dashboard dashboard, JsonNode panel, String refId) {
        List<PromQl.Series> result = onBoth(Dashboards.substitute(target(panel, refId), values(dashboard)), at);
        assertThat(result).as(panel.path("title").asString() + " " + refId).hasSize(1);
        return result.get(0).value();
    }
}
