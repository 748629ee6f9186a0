package io.slaguard.manager.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One violating series of a tick: its key, value, resource ({@code function_name} or "") and labels. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyValue(String key, double value, Instant datetime, String resource, Map<String, String> labels) {
    /** Characters of one text (key, resource, label name or value) an assessment shows; the rest is counted. */
    public static final int MAX_TEXT_CHARS = 256;
    /** Labels an assessment shows of one series, by name; the rest are counted under {@link #MORE_LABELS}. */
    public static final int MAX_LABELS = 32;
    /** Not a valid label name, so it cannot collide with a pushed one. */
    public static final String MORE_LABELS = "…";

    /**
     * The series as an assessment or a dry run shows it. Labels are pushed by anyone, and an assessment keeps up to
     * {@code max-last-values} of them and is read by every GET of the agreement, so each text is cut to
     * {@link #MAX_TEXT_CHARS} with a {@code …(N more chars)} marker and at most {@link #MAX_LABELS} labels are kept.
     * The violation itself (its row, its message) keeps the full key and labels.
     */
    public static KeyValue shown(String key, double value, Instant datetime, String resource,
                                 Map<String, String> labels) {
        Map<String, String> shownLabels = null;
        if (labels != null) {
            shownLabels = new TreeMap<>();
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                if (shownLabels.size() == MAX_LABELS) {
                    shownLabels.put(MORE_LABELS, "(" + (labels.size() - MAX_LABELS) + " more labels)");
                    break;
                }
                shownLabels.put(cut(label.getKey()), cut(label.getValue()));
            }
        }
        return new KeyValue(cut(key), value, datetime, cut(resource), shownLabels);
    }

    static String cut(String text) {
        if (text == null || text.length() <= MAX_TEXT_CHARS) {
            return text;
        }
        int kept = Character.isHighSurrogate(text.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
        return text.substring(0, kept) + "…(" + (text.length() - kept) + " more chars)";
    }
}
