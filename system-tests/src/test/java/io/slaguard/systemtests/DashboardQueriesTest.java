package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.slaguard.systemtests.Dashboards.Dashboard;
import io.slaguard.testsupport.EngineKind;
import io.slaguard.testsupport.MonitoringStack;
import tools.jackson.databind.JsonNode;

/**
 * Every dashboard query, with its variables at their defaults, is PromQL that a real Prometheus and a real
 * VictoriaMetrics accept.
 */
class DashboardQueriesTest {
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.+),\\s*)?(\\w+)\\)");

    private static MonitoringStack stack;
    private static Map<EngineKind, PromQl> engines;

    @BeforeAll
    static void start() {
        stack = MonitoringStack.launch();
        engines = new LinkedHashMap<>();
        stack.engines().forEach(engine -> engines.put(engine.kind(), new PromQl(engine.url())));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static Stream<Dashboards.Query> queries() {
        return Dashboards.allQueries().stream();
    }

    @ParameterizedTest
    @MethodSource("queries")
    void panelQueryParses(Dashboards.Query query) {
        String expr = Dashboards.substitute(query.expr(), query.dashboard().defaults());
        engines.forEach((engine, promql) -> assertThatCode(() -> promql.now(expr)).as(engine + " " + query + ": " + expr)
                .doesNotThrowAnyException());
    }

    record VariableQuery(Dashboard dashboard, String name, String query) {
        @Override
        public String toString() {
            return dashboard + " $" + name;
        }
    }

    static Stream<VariableQuery> variableQueries() {
        return Dashboards.all().stream().flatMap(d -> d.variables().values().stream()
                .filter(v -> "query".equals(v.path("type").asString()))
                .map((JsonNode v) -> new VariableQuery(d, v.path("name").asString(), Dashboard.variableQuery(v))));
    }

    @ParameterizedTest
    @MethodSource("variableQueries")
    void variableQuerySelectsWithValidPromQl(VariableQuery variable) {
        Matcher m = LABEL_VALUES.matcher(variable.query());
        org.assertj.core.api.Assertions.assertThat(m.matches()).as(variable + ": label_values(selector, label)").isTrue();
        String selector = Dashboards.substitute(m.group(1), variable.dashboard().defaults());
        engines.forEach((engine, promql) -> assertThatCode(() -> promql.now(selector))
                .as(engine + " " + variable + ": " + selector).doesNotThrowAnyException());
    }
}
