package io.slaguard.systemtests;

import java.nio.file.Path;

import tools.jackson.databind.JsonNode;

/** The shipped tooCostly template: the cost the manager compares with MAXCOST, which the cost dashboard shows. */
final class TooCostlyTemplate {
    static final Path FILE = Repo.path("agreements/templates/cloudbutton_tooCostly.json");

    private TooCostlyTemplate() {
    }

    /** The PromQL of the {@code costFunctions} variable (MB·s per exported_instance). */
    static String costFunctions() {
        for (JsonNode variable : Repo.json(FILE).path("details").path("variables")) {
            if ("costFunctions".equals(variable.path("name").asString())) {
                return variable.path("metric").asString();
            }
        }
        throw new IllegalStateException(FILE + " has no costFunctions variable");
    }

    /** The template's default UNITCOST, as the JSON number is written. */
    static String unitCostDefault() {
        JsonNode unitCost = Repo.json(FILE).path("parameters").path("UNITCOST").path("default");
        if (!unitCost.isNumber()) {
            throw new IllegalStateException(FILE + " has no numeric UNITCOST default");
        }
        return unitCost.asString();
    }
}
