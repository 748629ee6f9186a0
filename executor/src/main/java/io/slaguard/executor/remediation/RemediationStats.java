package io.slaguard.executor.remediation;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.slaguard.protocol.Violations;
import io.slaguard.remediation.RemediationActions.Outcome;

/** How many remediation actions of each kind ended how: {@code sla_remediation_total{action,outcome}}. */
public final class RemediationStats {
    public static final String BACKUP = Violations.ACTION_START_BACKUP;
    public static final String REINVOKE = Violations.ACTION_REINVOKE;
    public static final String CANCEL_INSTANCE = Violations.ACTION_CANCEL_INSTANCE;

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void record(String action, Outcome outcome) {
        counts.computeIfAbsent(key(action, outcome), k -> new AtomicLong()).incrementAndGet();
    }

    public long count(String action, Outcome outcome) {
        AtomicLong count = counts.get(key(action, outcome));
        return count == null ? 0 : count.get();
    }

    /** {@code action/outcome → count}, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((key, count) -> out.put(key, count.get()));
        return out;
    }

    private static String key(String action, Outcome outcome) {
        return action + "/" + outcome.name().toLowerCase();
    }
}
