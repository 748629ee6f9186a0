package io.slaguard.manager.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.slaguard.manager.assessment.AgreementOutcome;
import io.slaguard.manager.assessment.SharedTickQueries;
import io.slaguard.manager.model.GuaranteeAssessment;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.Violation;
import io.slaguard.manager.notify.OutboxDispatcher;
import io.slaguard.protocol.Violations;

/**
 * The manager's own metrics. Micrometer's Prometheus naming adds {@code _total} to counters and the base unit
 * to timers, so meters are registered under the wire names without those suffixes and render exactly as
 * {@code sla_violations_total}, {@code sla_assessment_duration_seconds}, {@code sla_guarantee_state},
 * {@code sla_outbox_pending}, {@code sla_assessment_queries_total}, {@code sla_guarantee_query_seconds}.
 */
@Component
public class LoopMetrics {
    static final String TAG_AGREEMENT = "agreement";
    static final String TAG_GUARANTEE = "guarantee";
    static final String TAG_STATE = "state";

    private final MeterRegistry registry;
    private final Timer assessmentDuration;
    private final MultiGauge guaranteeStates;
    private final MultiGauge guaranteeQueryTimes;
    /** Epoch milliseconds of the last completed tick; start-up until the first, so a loop that never ticks ages. */
    private final AtomicLong lastAssessment = new AtomicLong(System.currentTimeMillis());

    public LoopMetrics(MeterRegistry registry, OutboxDispatcher outbox, SharedTickQueries queries) {
        this.registry = registry;
        this.assessmentDuration = Timer.builder(withoutSuffix(Violations.METRIC_ASSESSMENT_DURATION, "_seconds"))
                .description("duration of one assessment tick over all started agreements").register(registry);
        this.guaranteeStates = MultiGauge.builder(Violations.METRIC_GUARANTEE_STATE)
                .description("1 for the current state of each guarantee of a started agreement, 0 for the others")
                .register(registry);
        this.guaranteeQueryTimes = MultiGauge.builder(Violations.METRIC_GUARANTEE_QUERY_SECONDS)
                .description("seconds each guarantee waited for its violation query at the last tick (a query"
                        + " shared with other agreements counts for each)")
                .register(registry);
        Gauge.builder(Violations.METRIC_OUTBOX_PENDING, outbox, OutboxDispatcher::pending)
                .description("violation deliveries waiting in the outbox, over the channels delivered to")
                .register(registry);
        Gauge.builder(Violations.METRIC_LAST_ASSESSMENT, lastAssessment, millis -> millis.get() / 1000.0)
                .description("when this manager last completed an assessment tick, epoch seconds")
                .register(registry);
        queryCounter(registry, queries, Violations.ANSWER_SENT, SharedTickQueries::sent);
        queryCounter(registry, queries, Violations.ANSWER_SHARED, SharedTickQueries::shared);
    }

    private static void queryCounter(MeterRegistry registry, SharedTickQueries queries, String answer,
                                     ToDoubleFunction<SharedTickQueries> count) {
        FunctionCounter.builder(withoutSuffix(Violations.METRIC_ASSESSMENT_QUERIES_TOTAL, "_total"), queries, count)
                .description("queries the assessment asked, by answer: sent to Prometheus, or shared with another"
                        + " agreement's identical query at the same tick")
                .tag(Violations.LABEL_ANSWER, answer).register(registry);
    }

    void fired(List<Violation> violations) {
        for (Violation v : violations) {
            Counter.builder(withoutSuffix(Violations.METRIC_VIOLATIONS_TOTAL, "_total"))
                    .description("violations fired")
                    .tags(TAG_AGREEMENT, v.agreementId(), TAG_GUARANTEE, v.guarantee())
                    .register(registry).increment();
        }
    }

    void unstorableKey(String agreementId, String guarantee) {
        Counter.builder(withoutSuffix(Violations.METRIC_UNSTORABLE_KEYS_TOTAL, "_total"))
                .description("keys left out of an agreement's outcome because the store cannot hold one of their"
                        + " label values (a NUL character, or over a million characters)")
                .tags(TAG_AGREEMENT, agreementId, TAG_GUARANTEE, guarantee)
                .register(registry).increment();
    }

    void assessed(List<AgreementOutcome> outcomes, Instant tick, Duration took) {
        assessmentDuration.record(took);
        lastAssessment.set(tick.toEpochMilli());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<MultiGauge.Row<?>> queryTimes = new ArrayList<>();
        for (AgreementOutcome outcome : outcomes) {
            outcome.queryTimes().forEach((guarantee, waited) -> queryTimes.add(MultiGauge.Row.of(Tags.of(TAG_AGREEMENT,
                    outcome.agreement().id(), TAG_GUARANTEE, guarantee), waited.toNanos() / 1e9)));
            if (outcome.agreement().assessment() == null) {
                continue;
            }
            for (Map.Entry<String, GuaranteeAssessment> g : outcome.agreement().assessment().guarantees().entrySet()) {
                for (GuaranteeState state : GuaranteeState.values()) {
                    rows.add(MultiGauge.Row.of(Tags.of(TAG_AGREEMENT, outcome.agreement().id(), TAG_GUARANTEE, g.getKey(),
                            TAG_STATE, state.name()), state == g.getValue().state() ? 1 : 0));
                }
            }
        }
        // overwrite: guarantees of agreements no longer assessed disappear
        guaranteeStates.register(rows, true);
        guaranteeQueryTimes.register(queryTimes, true);
    }

    /** Another manager assesses: this one's per-guarantee series would only go stale, so they go. */
    void standby() {
        guaranteeStates.register(List.of(), true);
        guaranteeQueryTimes.register(List.of(), true);
    }

    private static String withoutSuffix(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }
}
