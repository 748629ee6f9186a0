package io.slaguard.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON codec of {@link ViolationMessage}. NaN and infinities are written as the strings
 * {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} so that no value can produce an invalid body.
 */
public final class ViolationCodec {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ViolationCodec() {
    }

    public static byte[] encode(ViolationMessage message) {
        return MAPPER.writeValueAsBytes(toTree(message));
    }

    public static ObjectNode toTree(ViolationMessage m) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode fields = root.putObject("Fields");
        fields.put("AgreementId", m.agreementId());
        fields.put("Guarantee", m.guarantee());
        fields.put("ViolationTime", Times.format(m.violationTime()));
        fields.put("ViolationId", m.violationId());
        fields.put("Key", m.key());
        putIfPresent(fields, "Instance", m.instance());
        putIfPresent(fields, "JobId", m.jobId());
        putIfPresent(fields, "CallId", m.callId());
        putIfPresent(fields, "notStarted", m.notStarted());
        ArrayNode entries = root.putArray("Message");
        for (ViolationMessage.Entry e : m.entries()) {
            ObjectNode entry = entries.addObject();
            entry.put("key", e.key());
            putNumber(entry, "value", e.value());
            entry.put("datetime", Times.format(e.datetime()));
            entry.put("resource", e.resource() == null ? "" : e.resource());
        }
        return root;
    }

    /** Writes a double, or its string form when JSON cannot hold it. */
    public static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, formatSpecial(value));
        }
    }

    public static String formatSpecial(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value > 0 ? "+Inf" : "-Inf";
    }

    /**
     * Parses a message body. Unknown fields are ignored; a body that is not JSON, or lacks
     * {@code Fields.Guarantee} or a key, is rejected with {@link MalformedViolationException}.
     */
    public static ViolationMessage decode(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new MalformedViolationException("violation body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedViolationException("violation body is not a JSON object");
        }
        JsonNode fields = root.path("Fields");
        if (!fields.isObject()) {
            throw new MalformedViolationException("violation body has no Fields object");
        }
        List<ViolationMessage.Entry> entries = new ArrayList<>();
        for (JsonNode e : root.path("Message")) {
            entries.add(new ViolationMessage.Entry(text(e, "key"), number(e.get("value")),
                    instant(e, "datetime"), text(e, "resource")));
        }
        String guarantee = text(fields, "Guarantee");
        if (guarantee == null || guarantee.isBlank()) {
            throw new MalformedViolationException("violation has no Fields.Guarantee");
        }
        String key = text(fields, "Key");
        if (key == null && !entries.isEmpty()) {
            key = entries.get(0).key();
        }
        if (key == null || key.isBlank()) {
            throw new MalformedViolationException("violation has no key (Fields.Key or Message[0].key)");
        }
        return new ViolationMessage(text(fields, "AgreementId"), guarantee, instant(fields, "ViolationTime"),
                text(fields, "ViolationId"), key, text(fields, "Instance"), text(fields, "JobId"),
                text(fields, "CallId"), text(fields, "notStarted"), entries);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedViolationException("bad timestamp in " + field + ": '" + value + "'");
        }
    }

    private static double number(JsonNode value) {
        if (value == null || value.isNull()) {
            return Double.NaN;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        String text = value.asString();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new MalformedViolationException("value is not a number: '" + text + "'");
                }
            }
        };
    }

    /** A message body that cannot be a violation. */
    public static final class MalformedViolationException extends IllegalArgumentException {
        public MalformedViolationException(String message) {
            super(message);
        }
    }
}
