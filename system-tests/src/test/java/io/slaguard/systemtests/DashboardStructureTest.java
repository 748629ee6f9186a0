package io.slaguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.slaguard.systemtests.Dashboards.Dashboard;
import tools.jackson.databind.JsonNode;

/** What Grafana needs to show every shipped dashboard without a manual step. */
class DashboardStructureTest {
    private static final String DATASOURCE_VARIABLE = "datasource";

    static Stream<Dashboard> dashboards() {
        return Dashboards.all().stream();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void hasAUidATitleAndACurrentSchema(Dashboard dashboard) {
        assertThat(dashboard.uid()).as("uid").matches("[a-z0-9-]{1,40}");
        assertThat(dashboard.file().getFileName().toString()).isEqualTo(dashboard.uid() + ".json");
        assertThat(dashboard.json().path("title").asString()).isNotBlank();
        assertThat(dashboard.json().path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
        assertThat(dashboard.queryPanels()).isNotEmpty();
    }

    /** Every query goes through the dashboard's datasource variable, so the dashboard imports into any Grafana. */
    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelQueriesTheDatasourceVariable(Dashboard dashboard) {
        JsonNode datasource = dashboard.variables().get(DATASOURCE_VARIABLE);
        assertThat(datasource).as(dashboard + ": a variable named " + DATASOURCE_VARIABLE).isNotNull();
        assertThat(datasource.path("type").asString()).isEqualTo("datasource");
        assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
        String uid = "${" + DATASOURCE_VARIABLE + "}";
        for (JsonNode panel : dashboard.queryPanels()) {
            String title = dashboard + " / " + panel.path("title").asString();
            assertThat(panel.path("datasource").path("type").asString()).as(title).isEqualTo("prometheus");
            assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo(uid);
            assertThat(panel.path("targets").size()).as(title + ": targets").isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asString()).as(title + ": expr").isNotBlank();
                // a target's own datasource, when set, overrides the panel's
                if (target.has("datasource")) {
                    assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo(uid);
                }
            }
        }
        for (JsonNode variable : dashboard.variables().values()) {
            if ("query".equals(variable.path("type").asString())) {
                assertThat(variable.path("datasource").path("uid").asString())
                        .as(dashboard + " variable " + variable.path("name").asString()).isEqualTo(uid);
            }
        }
        assertThat(dashboard.json().toString()).as(dashboard + ": no hard-coded datasource uid")
                .doesNotContain(Provisioning.datasourceUids().stream().map(u -> "\"uid\":\"" + u + "\"").toList()
                        .toArray(String[]::new));
    }

    /** Grafana's binary units: the profiler's MB are 2^20 bytes. */
    @ParameterizedTest
    @MethodSource("dashboards")
    void sizesUseBinaryUnits(Dashboard dashboard) {
        assertThat(dashboard.json().toString()).doesNotContain("\"decmbytes\"").doesNotContain("\"MBs\"");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyVariableAQueryUsesIsDefined(Dashboard dashboard) {
        Set<String> defined = new HashSet<>(dashboard.variables().keySet());
        defined.addAll(Dashboards.BUILT_INS.keySet());
        for (Dashboards.Query query : Dashboards.queries(dashboard)) {
            assertThat(defined).as(query + ": " + query.expr()).containsAll(Dashboards.variablesIn(query.expr()));
        }
        for (JsonNode variable : dashboard.variables().values()) {
            String q = Dashboard.variableQuery(variable);
            assertThat(defined).as(dashboard + " variable " + variable.path("name").asString())
                    .containsAll(Dashboards.variablesIn(q));
        }
        for (JsonNode panel : dashboard.queryPanels()) {
            if (panel.has("repeat")) {
                assertThat(defined).as("repeat of " + panel.path("title").asString()).contains(panel.path("repeat").asString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelSetsAUnit(Dashboard dashboard) {
        for (JsonNode panel : dashboard.queryPanels()) {
            assertThat(panel.path("fieldConfig").path("defaults").path("unit").asString())
                    .as(dashboard + " / " + panel.path("title").asString()).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelIdsAreUniqueAndPanelsDoNotOverlap(Dashboard dashboard) {
        List<Integer> ids = dashboard.panels().stream().map(p -> p.path("id").asInt()).toList();
        assertThat(ids).as("panel ids").doesNotHaveDuplicates().allMatch(id -> id > 0);
        List<JsonNode> panels = dashboard.panels();
        for (int i = 0; i < panels.size(); i++) {
            JsonNode a = panels.get(i).path("gridPos");
            assertThat(a.path("x").asInt() + a.path("w").asInt()).as("width of panel " + ids.get(i)).isLessThanOrEqualTo(24);
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode b = panels.get(j).path("gridPos");
                boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                assertThat(overlap).as("panels " + ids.get(i) + " and " + ids.get(j) + " overlap").isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void refIdsAreUniqueWithinAPanel(Dashboard dashboard) {
        for (JsonNode panel : dashboard.queryPanels()) {
            List<String> refIds = new java.util.ArrayList<>();
            panel.path("targets").forEach(t -> refIds.add(t.path("refId").asString()));
            assertThat(refIds).as(dashboard + " / " + panel.path("title").asString())
                    .doesNotHaveDuplicates().allMatch(r -> !r.isBlank());
        }
    }

    @org.junit.jupiter.api.Test
    void costDashboardDefaultsToTheTemplatesUnitCost() {
        Dashboard cost = Dashboards.all().stream().filter(d -> d.uid().equals("sla-cost")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(cost.defaults().get("unitcost")))
                .isEqualTo(Double.parseDouble(TooCostlyTemplate.unitCostDefault()));
    }
}
