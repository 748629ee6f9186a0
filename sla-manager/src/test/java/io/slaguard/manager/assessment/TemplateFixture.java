package io.slaguard.manager.assessment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.AgreementState;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Details;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a shipped template file into an agreement for a test: parameter defaults, then the given values, put into
 * the {@code {{.NAME}}} placeholders of the details' strings (numbers in plain decimal). A minimal stand-in for
 * the manager's template service, enough to exercise the shipped PromQL.
 */
final class TemplateFixture {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\.([A-Za-z0-9_.]+)}}");

    private TemplateFixture() {
    }

    static JsonNode read(String templateId) {
        Path file = templatesDir().resolve(templateId + ".json");
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Agreement agreement(String templateId, String agreementId, Map<String, Object> parameters) {
        JsonNode template = read(templateId);
        Map<String, String> values = new HashMap<>();
        template.path("parameters").properties().forEach(p -> {
            if (p.getValue().has("default")) {
                values.put(p.getKey(), text(p.getValue().get("default")));
            }
        });
        parameters.forEach((name, value) -> values.put(name, value instanceof Number n
                ? BigDecimal.valueOf(n.doubleValue()).stripTrailingZeros().toPlainString() : value.toString()));
        JsonNode details = substitute(template.get("details").deepCopy(), values);
        ((ObjectNode) details).put("id", agreementId);
        return new Agreement(agreementId, agreementId, AgreementState.started, Assessment.empty(),
                JSON.treeToValue(details, Details.class));
    }

    private static String text(JsonNode value) {
        return value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asString();
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> values) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(p -> object.set(p.getKey(), substitute(p.getValue(), values)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), values));
            }
        } else if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.asString());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("missing template parameter " + m.group(1));
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return JsonNodeFactory.instance.stringNode(out.toString());
        }
        return node;
    }

    static Path templatesDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("agreements/templates"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("agreements/templates not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("agreements/templates");
    }
}
