package io.slaguard.manager.templates;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.slaguard.manager.model.Party;
import io.slaguard.manager.model.Template;
import io.slaguard.manager.model.Template.ParameterSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills a template's {@code {{.NAME}}} / {@code {{.a.b}}} placeholders on the parsed JSON tree of its details,
 * never on JSON text, so a parameter can inject neither JSON nor PromQL: a {@code number} parameter must be a
 * finite number and is printed in plain decimal; a string goes into PromQL (variable metrics, constraints) only
 * when it is a plain token (letters, digits, {@code _ . : -}), anywhere else verbatim. The parties
 * ({@code provider}, {@code client}) are an id or an object {@code {"id", "name"}}; {@code {{.provider}}} is the id.
 */
@Component
public class TemplateInstantiator {
    public static final String AGREEMENT_NAME = "agreementname";
    public static final String PROVIDER = "provider";
    public static final String CLIENT = "client";
    public static final String NUMBER = "number";
    static final String STRING = "string";

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*\\.([A-Za-z_][A-Za-z0-9_]*)((?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\s*}}");
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9_.:-]*");
    private static final Pattern NUMERIC_TEXT = Pattern.compile("\\s*[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?\\s*");
    /** Largest magnitude of a number parameter: far above any duration, cost or factor, far below what PromQL rounds. */
    static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1e15");
    /** Longest plain-decimal text of a number parameter, e.g. {@code 0.000000016276} is 14. */
    static final int MAX_PRINTED_CHARS = 32;

    private final JsonMapper json;

    public TemplateInstantiator(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param details    the filled details tree (name and parties not yet applied)
     * @param name       {@code agreementname}, or null
     * @param provider   the {@code provider} given in the parameters, or null
     * @param client     the {@code client} given, or null
     * @param parameters every parameter value used, defaults included, for the answer to the client
     */
    public record Instance(ObjectNode details, String name, Party provider, Party client,
                           Map<String, JsonNode> parameters) {
    }

    /** @throws TemplateException listing every missing or ill-typed parameter */
    public Instance instantiate(Template template, JsonNode given) {
        ObjectNode params = given != null && given.isObject() ? (ObjectNode) given : json.createObjectNode();
        List<String> problems = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        template.parameters().forEach((name, spec) -> {
            JsonNode value = lookup(params, name);
            if (value == null && spec.defaultValue() != null) {
                value = json.valueToTree(spec.defaultValue());
            }
            if (value == null) {
                missing.add(name);
            } else {
                if (isParty(name)) {
                    partyProblem(name, value).ifPresent(problems::add);
                } else {
                    checkType(name, spec, value, problems);
                }
                values.put(name, value);
            }
        });
        for (String party : List.of(PROVIDER, CLIENT)) {
            JsonNode value = lookup(params, party);
            boolean declared = template.parameters().keySet().stream().anyMatch(party::equalsIgnoreCase);
            if (value != null && !declared) {
                partyProblem(party, value).ifPresent(problems::add);
            }
        }
        params.properties().forEach(e -> {
            if (values.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(e.getKey()))) {
                values.put(e.getKey(), e.getValue());
            }
        });
        if (template.details() == null || !template.details().isObject()) {
            throw new TemplateException(List.of("template " + template.id() + " has no details object"));
        }
        ObjectNode details = (ObjectNode) template.details().deepCopy();
        fill(details, "", template.parameters(), values, missing, problems);
        if (!missing.isEmpty()) {
            problems.add(0, "missing parameters: " + String.join(", ", missing));
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        JsonNode name = lookup(params, AGREEMENT_NAME);
        return new Instance(details, name == null || name.isNull() ? null : name.asString(),
                party(lookup(params, PROVIDER)), party(lookup(params, CLIENT)), values);
    }

    private static boolean isParty(String name) {
        return name.equalsIgnoreCase(PROVIDER) || name.equalsIgnoreCase(CLIENT);
    }

    /** A party is its id (a string) or {@code {"id": "…", "name": "…"}} with a string id and, if any, a string name. */
    private static Optional<String> partyProblem(String name, JsonNode value) {
        if (value.isString() || value.isNull()) {
            return Optional.empty();
        }
        if (value.isObject() && value.path("id").isString() && !value.path("id").asString().isBlank()) {
            JsonNode partyName = value.get("name");
            if (partyName == null || partyName.isNull() || partyName.isString()) {
                return Optional.empty();
            }
        }
        return Optional.of("parameter " + name + " must be a string (the id) or an object {\"id\": \"…\", \"name\": \"…\"}"
                + " with a string id, got " + value);
    }

    /** A checked party value as a party; a missing name is the id. */
    private static Party party(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return new Party(value.asString(), value.asString());
        }
        String id = value.get("id").asString();
        JsonNode name = value.get("name");
        return new Party(id, name == null || name.isNull() ? id : name.asString());
    }

    private void fill(JsonNode node, String path, Map<String, ParameterSpec> specs, Map<String, JsonNode> values,
                      Set<String> missing, List<String> problems) {
        if (node instanceof ObjectNode object) {
            for (String field : new ArrayList<>(object.propertyNames())) {
                JsonNode child = object.get(field);
                String childPath = path + "/" + field;
                if (child.isString()) {
                    object.set(field, substitute(child.asString(), childPath, specs, values, missing, problems));
                } else {
                    fill(child, childPath, specs, values, missing, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                String childPath = path + "/" + i;
                if (child.isString()) {
                    array.set(i, substitute(child.asString(), childPath, specs, values, missing, problems));
                } else {
                    fill(child, childPath, specs, values, missing, problems);
                }
            }
        }
    }

    private JsonNode substitute(String text, String path, Map<String, ParameterSpec> specs,
                                Map<String, JsonNode> values, Set<String> missing, List<String> problems) {
        Matcher m = PLACEHOLDER.matcher(text);
        if (!m.find()) {
            return json.getNodeFactory().stringNode(text);
        }
        boolean promql = path.matches("/variables/\\d+/metric|/guarantees/\\d+/constraint");
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String placeholder = m.group();
            JsonNode value = resolve(values, name, m.group(2));
            if (value != null && value.isObject() && m.group(2).isEmpty() && isParty(name)) {
                value = value.get("id");
            }
            String replacement;
            if (value == null) {
                missing.add(name + m.group(2));
                replacement = placeholder;
            } else if (isNumber(value)) {
                String problem = numberProblem(name, value);
                if (problem != null && specs.containsKey(name)) {
                    // declared: checkType reported it already
                    replacement = placeholder;
                } else if (problem != null) {
                    problems.add(problem);
                    replacement = placeholder;
                } else {
                    replacement = number(value).toPlainString();
                }
            } else if (value.isString() && isStringAllowed(specs, name)) {
                replacement = value.asString();
                if (promql && !PLAIN_TOKEN.matcher(replacement).matches()) {
                    problems.add("parameter " + name + ": only plain tokens (letters, digits, _ . : -) may go into PromQL, got '"
                            + replacement + "'");
                }
            } else {
                if (!specs.containsKey(name)) {
                    // declared parameters were type-checked already; this one only has its use to go by
                    problems.add("parameter " + name + " must be a number or a string, got " + value);
                }
                replacement = placeholder;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        // always text: a field that needs a number (predictor sf) reads "0.5" as well, and "10" stays "10"
        return json.getNodeFactory().stringNode(out.toString());
    }

    /** Strings may fill a placeholder only when the parameter is declared a string (or not declared at all as a number). */
    private static boolean isStringAllowed(Map<String, ParameterSpec> specs, String name) {
        ParameterSpec spec = specs.get(name);
        return spec == null || STRING.equals(spec.type());
    }

    private static JsonNode resolve(Map<String, JsonNode> values, String name, String subPath) {
        JsonNode value = null;
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            if (e.getKey().equals(name)) {
                value = e.getValue();
                break;
            }
            if (value == null && e.getKey().equalsIgnoreCase(name)) {
                value = e.getValue();
            }
        }
        if (value == null || subPath.isEmpty()) {
            return value;
        }
        for (String part : subPath.substring(1).split("\\.")) {
            value = value.get(part);
            if (value == null) {
                return null;
            }
        }
        return value;
    }

    private static void checkType(String name, ParameterSpec spec, JsonNode value, List<String> problems) {
        String type = spec.type() == null ? STRING : spec.type();
        switch (type) {
            case NUMBER -> {
                if (!isNumber(value)) {
                    problems.add("parameter " + name + " must be a finite number, got " + value);
                    return;
                }
                String problem = numberProblem(name, value);
                if (problem != null) {
                    problems.add(problem);
                    return;
                }
                BigDecimal number = number(value);
                if (spec.min() != null && number.compareTo(BigDecimal.valueOf(spec.min())) < 0) {
                    problems.add("parameter " + name + " must be at least " + spec.min() + ", got " + number.toPlainString());
                }
                if (spec.max() != null && number.compareTo(BigDecimal.valueOf(spec.max())) > 0) {
                    problems.add("parameter " + name + " must be at most " + spec.max() + ", got " + number.toPlainString());
                }
            }
            case STRING -> {
                if (!value.isString()) {
                    problems.add("parameter " + name + " must be a string, got " + value);
                }
            }
            default -> problems.add("parameter " + name + " has unknown type '" + type + "' (number or string)");
        }
    }

    /** A finite JSON number, or (legacy parameter files) a string holding one. */
    private static boolean isNumber(JsonNode value) {
        if (value.isNumber()) {
            return !(value.isDouble() || value.isFloat()) || Double.isFinite(value.asDouble());
        }
        return value.isString() && NUMERIC_TEXT.matcher(value.asString()).matches();
    }

    /**
     * Why a number cannot fill a template, or null: it is printed in plain decimal, so its magnitude and its
     * printed length are bounded before anything prints it ({@code 1e100000000} would be a 100 MB text).
     */
    private static String numberProblem(String name, JsonNode value) {
        BigDecimal number;
        try {
            number = number(value);
        } catch (NumberFormatException | ArithmeticException e) {
            return "parameter " + name + " is not a representable number";
        }
        if (number.abs().compareTo(MAX_MAGNITUDE) > 0) {
            return "parameter " + name + " must lie within ±" + MAX_MAGNITUDE.toPlainString();
        }
        long scale = number.scale();
        long printed = scale > 0 ? Math.max(number.precision(), scale + 1) + 2 : number.precision() - scale + 1;
        if (printed > MAX_PRINTED_CHARS) {
            return "parameter " + name + " has too many digits (at most " + MAX_PRINTED_CHARS
                    + " characters in plain decimal)";
        }
        return null;
    }

    private static BigDecimal number(JsonNode value) {
        BigDecimal number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asString().trim());
        return number.stripTrailingZeros();
    }

    private static JsonNode lookup(ObjectNode params, String name) {
        JsonNode exact = params.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : params.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
