package io.slaguard.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Names on the violation wires: RabbitMQ topology, guarantees, the Pushgateway violation metric
 * (docs/architecture.md#notification, docs/architecture.md#remediation).
 */
public final class Violations {
    private Violations() {
    }

    public static final String EXCHANGE = "sla.violations";
    public static final String DEAD_LETTER_EXCHANGE = "sla.violations.dlx";
    public static final String DEAD_LETTER_QUEUE = "sla.violations.dead";
    /** The queue the original manager declared (durable, no arguments), bound with {@code #}. */
    public static final String LEGACY_QUEUE = "CloudButton";
    public static final String REMEDIATION_QUEUE_PREFIX = "sla.remediation.";
    public static final String NO_INSTANCE = "_";

    public static final String NOT_STARTED = "notStarted";
    public static final String TOO_LONG = "tooLong";
    public static final String TOO_COSTLY = "tooCostly";

    public static final String CONTENT_TYPE = "application/json";

    /**
     * Label of a violation that the manager derived from a job-level notStarted violation: its value is the
     * call id that has not started (sent as {@code Fields.notStarted}).
     */
    public static final String NOT_STARTED_LABEL = "sla_not_started";

    /** AMQP carries a routing key as a short string: at most this many UTF-8 bytes. */
    public static final int MAX_ROUTING_KEY_BYTES = 255;

    /**
     * Routing key of a violation: {@code <guarantee>.<instance or _>}. Labels are pushed by anyone, and a key over
     * {@value #MAX_ROUTING_KEY_BYTES} bytes cannot be published at all: then the instance becomes {@code _} (no
     * executor's instance id is that long), and a guarantee name still too long is cut at a character boundary.
     */
    public static String routingKey(String guarantee, String instance) {
        String safeGuarantee = guarantee.replace('.', '_');
        String key = safeGuarantee + "." + (instance == null || instance.isEmpty() ? NO_INSTANCE : instance);
        if (utf8Length(key) <= MAX_ROUTING_KEY_BYTES) {
            return key;
        }
        String suffix = "." + NO_INSTANCE;
        StringBuilder cut = new StringBuilder();
        int budget = MAX_ROUTING_KEY_BYTES - suffix.length();
        for (int i = 0; i < safeGuarantee.length(); ) {
            int codePoint = safeGuarantee.codePointAt(i);
            String next = new String(Character.toChars(codePoint));
            budget -= utf8Length(next);
            if (budget < 0) {
                break;
            }
            cut.append(next);
            i += Character.charCount(codePoint);
        }
        return cut + suffix;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Binding of an executor's remediation queue: every guarantee of its instance. */
    public static String instanceBinding(String instance) {
        return "*." + Ids.requireInstance(instance);
    }

    public static String remediationQueue(String instance) {
        return REMEDIATION_QUEUE_PREFIX + Ids.requireInstance(instance);
    }

    // the manager's Pushgateway violation metric
    public static final String PUSH_JOB = "sla";
    public static final String DEFAULT_VIOLATION_METRIC = "CloudButton_sla_QoS_violation";
    public static final String LABEL_AGREEMENT = "agreement";
    public static final String LABEL_GUARANTEE = "guarantee";
    public static final String LABEL_INSTANCE = "instance";
    public static final String LABEL_FUNCTION_NAME = "function_name";
    public static final String LABEL_VIOLATION_TIME = "violation_time";
    public static final String NO_FUNCTION_NAME = "NA";

    // the manager's and the executor's own metrics
    public static final String METRIC_VIOLATIONS_TOTAL = "sla_violations_total";
    public static final String METRIC_ASSESSMENT_DURATION = "sla_assessment_duration_seconds";
    public static final String METRIC_GUARANTEE_STATE = "sla_guarantee_state";
    /** Seconds each guarantee of a started agreement waited for its violation query at the last tick. */
    public static final String METRIC_GUARANTEE_QUERY_SECONDS = "sla_guarantee_query_seconds";
    public static final String METRIC_OUTBOX_PENDING = "sla_outbox_pending";
    /** Keys left out of an agreement's outcome because the store cannot hold one of their label values. */
    public static final String METRIC_UNSTORABLE_KEYS_TOTAL = "sla_unstorable_keys_total";
    /** When the manager last completed a tick (epoch seconds; its start-up until the first one). */
    public static final String METRIC_LAST_ASSESSMENT = "sla_last_assessment_timestamp_seconds";
    /** Queries the assessment asked, by {@code answer}: sent to Prometheus, or shared with another agreement's. */
    public static final String METRIC_ASSESSMENT_QUERIES_TOTAL = "sla_assessment_queries_total";
    public static final String LABEL_ANSWER = "answer";
    public static final String ANSWER_SENT = "sent";
    public static final String ANSWER_SHARED = "shared";
    public static final String METRIC_REMEDIATION_TOTAL = "sla_remediation_total";
    /**
     * Pushgateway job of an executor's {@code sla_remediation_total}: one group per instance,
     * {@code /metrics/job/sla_remediation/instance/<instance>}, replaced (PUT) with the current totals.
     */
    public static final String REMEDIATION_PUSH_JOB = "sla_remediation";

    // labels and values of sla_remediation_total{action,outcome}; outcome values are the lower-case outcome names
    public static final String LABEL_ACTION = "action";
    public static final String LABEL_OUTCOME = "outcome";
    public static final String ACTION_START_BACKUP = "startBackup";
    public static final String ACTION_REINVOKE = "reinvoke";
    public static final String ACTION_CANCEL_INSTANCE = "cancelInstance";
    /** A violation that maps to no action (another guarantee, a key that is not ours). */
    public static final String ACTION_NONE = "none";
}
