package io.slaguard.manager.assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.slaguard.manager.assessment.MetricsSource.MetricsSourceException;
import io.slaguard.manager.assessment.MetricsSource.Sample;
import io.slaguard.manager.assessment.ViolationQueryCompiler.CompiledQuery;
import io.slaguard.manager.logging.LogText;
import io.slaguard.manager.model.Agreement;
import io.slaguard.manager.model.Assessment;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.GuaranteeAssessment;
import io.slaguard.manager.model.GuaranteeState;
import io.slaguard.manager.model.KeyState;
import io.slaguard.manager.model.KeyValue;
import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Durations;

/**
 * Assesses one agreement at one tick (docs/architecture.md#constraints-and-assessment). Each guarantee is compiled into its violation query and run at the
 * tick instant; every key of the result is violating. A key fires when it has been violating without a break for
 * the guarantee's {@code for} and did not fire within the transient time; each fired violation goes through the
 * {@link ViolationExpander}. A guarantee whose query or expansion fails is {@code unknown} for the tick: nothing
 * fires and its key states are kept as they were, so an outage neither invents violations nor resets {@code for}.
 * One guarantee never affects another.
 *
 * <p>Several series may share a key (the processes of one call, two running attempts of one call): one violation
 * per key and tick, carrying the series with the greatest value (a number beats NaN). Guarantee state: violated
 * when some key has violated for at least {@code for} (fired or held back by the transient time), ok otherwise;
 * {@code last_values} lists every violating key of the tick, pending ones included, by key, capped, each shown cut
 * ({@link KeyValue#shown}).
 *
 * <p>Stateless apart from its collaborators and the engine's smoothing function once probed: safe to call from
 * several threads.
 */
public final class Assessor {
    private static final Logger log = LoggerFactory.getLogger(Assessor.class);

    private final MetricsSource source;
    private final AssessmentSettings settings;
    private final ViolationExpander expander;
    private final AgreementQueries queries;

    public Assessor(MetricsSource source, AssessmentSettings settings, ViolationExpander expander) {
        this.source = source;
        this.settings = settings;
        this.expander = expander;
        this.queries = new AgreementQueries(source, settings);
    }

    /**
     * @param previous the agreement's key states from the previous tick (any order; others' are ignored)
     */
    public AgreementOutcome assess(Agreement agreement, List<KeyState> previous, Instant tick) {
        Assessment before = agreement.assessment() == null ? Assessment.empty() : agreement.assessment();
        Map<String, Map<String, KeyState>> previousByGuarantee = byGuaranteeAndKey(agreement.id(), previous);
        Map<String, GuaranteeAssessment> guarantees = new LinkedHashMap<>();
        List<Violation> fired = new ArrayList<>();
        List<KeyState> keyStates = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<String, Duration> queryTimes = new LinkedHashMap<>();
        for (Guarantee guarantee : AgreementQueries.guarantees(agreement)) {
            if (guarantee.name() == null || guarantee.name().isBlank()) {
                errors.add("a guarantee has no name: not assessed");
                continue;
            }
            if (guarantees.containsKey(guarantee.name())) {
                errors.add("guarantee '" + guarantee.name() + "' is declared twice: only the first is assessed");
                continue;
            }
            Map<String, KeyState> previousKeys = previousByGuarantee.getOrDefault(guarantee.name(), Map.of());
            GuaranteeAssessment last = before.guarantees().get(guarantee.name());
            GuaranteeResult result = assessGuarantee(agreement, guarantee, last, previousKeys, tick);
            guarantees.put(guarantee.name(), result.assessment());
            fired.addAll(result.fired());
            keyStates.addAll(result.keyStates());
            if (result.queryTime() != null) {
                queryTimes.put(guarantee.name(), result.queryTime());
            }
            if (result.assessment().state() == GuaranteeState.unknown) {
                errors.add("guarantee '" + guarantee.name() + "': " + result.assessment().error());
            }
            logTransition(agreement.id(), guarantee.name(), last, result.assessment());
        }
        Assessment after = new Assessment(before.firstExecution() == null ? tick : before.firstExecution(), tick,
                guarantees);
        return new AgreementOutcome(agreement.withAssessment(after), fired, keyStates, errors, queryTimes);
    }

    /**
     * The outcome of an agreement that could not be assessed at this tick (e.g. it exceeded its deadline): every
     * guarantee unknown with {@code reason}, nothing fired, key states unchanged.
     */
    public AgreementOutcome unassessed(Agreement agreement, List<KeyState> previous, Instant tick, String reason) {
        Assessment before = agreement.assessment() == null ? Assessment.empty() : agreement.assessment();
        Map<String, GuaranteeAssessment> guarantees = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Guarantee guarantee : AgreementQueries.guarantees(agreement)) {
            if (guarantee.name() == null || guarantee.name().isBlank()) {
                continue;
            }
            GuaranteeAssessment last = before.guarantees().get(guarantee.name());
            guarantees.put(guarantee.name(), unknown(last, tick, reason));
            errors.add("guarantee '" + guarantee.name() + "': " + reason);
        }
        List<KeyState> kept = previous.stream().filter(s -> agreement.id().equals(s.agreementId())).toList();
        Assessment after = new Assessment(before.firstExecution() == null ? tick : before.firstExecution(), tick,
                guarantees);
        return new AgreementOutcome(agreement.withAssessment(after), List.of(), kept, errors, Map.of());
    }

    /** @param queryTime how long the violation query took (answered or failed), null when none was sent */
    private record GuaranteeResult(GuaranteeAssessment assessment, List<Violation> fired, List<KeyState> keyStates,
                                   Duration queryTime) {
        GuaranteeResult withQueryTime(Duration took) {
            return new GuaranteeResult(assessment, fired, keyStates, took);
        }
    }

    private GuaranteeResult assessGuarantee(Agreement agreement, Guarantee guarantee, GuaranteeAssessment last,
                                            Map<String, KeyState> previous, Instant tick) {
        try {
            Duration forDuration = guarantee.forDuration() == null ? Duration.ZERO
                    : Durations.parse(guarantee.forDuration());
            CompiledQuery query = queries.compile(agreement, guarantee);
            long sent = System.nanoTime();
            List<Sample> answer;
            try {
                answer = source.query(query.promql(), tick, settings.queryTimeout());
            } catch (MetricsSourceException e) {
                return unknownResult(last, previous, tick, e.getMessage())
                        .withQueryTime(Duration.ofNanos(System.nanoTime() - sent));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            return conclude(agreement.id(), guarantee.name(), forDuration, last, previous, SeriesKeys.violatingByKey(answer), tick)
                    .withQueryTime(took);
        } catch (MetricsSourceException e) {
            return unknownResult(last, previous, tick, e.getMessage());
        } catch (IllegalArgumentException e) {
            return unknownResult(last, previous, tick, "cannot be assessed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("assessing agreement {} guarantee {} failed", LogText.escape(agreement.id()),
                    LogText.escape(guarantee.name()), e);
            return unknownResult(last, previous, tick, "internal error: " + e);
        }
    }

    /** Applies {@code for} and the transient time to the violating keys, and expands what fires. */
    private GuaranteeResult conclude(String agreementId, String guarantee, Duration forDuration,
                                     GuaranteeAssessment last, Map<String, KeyState> previous,
                                     Map<String, Sample> violating, Instant tick) throws MetricsSourceException {
        List<Violation> fired = new ArrayList<>();
        List<KeyState> keyStates = new ArrayList<>();
        List<KeyValue> lastValues = new ArrayList<>();
        boolean violated = false;
        for (Map.Entry<String, Sample> entry : violating.entrySet()) {
            String key = entry.getKey();
            Sample sample = entry.getValue();
            KeyState before = previous.get(key);
            Instant since = before != null && before.violatingSince() != null ? before.violatingSince() : tick;
            Instant lastFired = before == null ? null : before.lastFired();
            boolean due = !tick.isBefore(since.plus(forDuration));
            boolean quiet = lastFired != null && tick.isBefore(lastFired.plus(settings.transientTime()));
            violated |= due;
            if (due && !quiet) {
                Violation violation = new Violation(UUID.randomUUID().toString(), agreementId, guarantee, tick, key,
                        SeriesKeys.resourceOf(sample.labels()), sample.value(), sample.labels());
                List<Violation> expanded = expand(violation, tick);
                if (!expanded.isEmpty()) {
                    // an empty expansion (e.g. every call started meanwhile) delivers nothing, so nothing fired
                    fired.addAll(expanded);
                    lastFired = tick;
                }
            }
            keyStates.add(new KeyState(agreementId, guarantee, key, since, lastFired));
            if (lastValues.size() < settings.maxLastValues()) {
                lastValues.add(shown(key, sample, tick));
            }
        }
        // a key that stopped violating loses violatingSince, but keeps lastFired while the transient time runs
        for (KeyState before : previous.values()) {
            if (!violating.containsKey(before.key()) && before.lastFired() != null
                    && tick.isBefore(before.lastFired().plus(settings.transientTime()))) {
                keyStates.add(new KeyState(agreementId, guarantee, before.key(), null, before.lastFired()));
            }
        }
        Instant lastViolation = fired.isEmpty() ? (last == null ? null : last.lastViolation()) : tick;
        GuaranteeAssessment assessment = new GuaranteeAssessment(firstExecution(last, tick), tick,
                violated ? GuaranteeState.violated : GuaranteeState.ok, null, lastValues, lastViolation);
        return new GuaranteeResult(assessment, fired, keyStates, null);
    }

    /** A violating series as the API shows it: key, resource and labels cut ({@link KeyValue#shown}). */
    static KeyValue shown(String key, Sample sample, Instant at) {
        return KeyValue.shown(key, sample.value(), at, SeriesKeys.resourceOf(sample.labels()), sample.labels());
    }

    private List<Violation> expand(Violation violation, Instant tick) throws MetricsSourceException {
        List<Violation> expanded = expander.expand(violation, tick);
        if (expanded == null) {
            throw new IllegalStateException("the violation expander returned null");
        }
        return expanded;
    }

    private GuaranteeResult unknownResult(GuaranteeAssessment last, Map<String, KeyState> previous, Instant tick,
                                          String error) {
        return new GuaranteeResult(unknown(last, tick, error), List.of(), List.copyOf(previous.values()), null);
    }

    private static GuaranteeAssessment unknown(GuaranteeAssessment last, Instant tick, String error) {
        return new GuaranteeAssessment(firstExecution(last, tick), tick, GuaranteeState.unknown, error, List.of(),
                last == null ? null : last.lastViolation());
    }

    private static Instant firstExecution(GuaranteeAssessment last, Instant tick) {
        return last == null || last.firstExecution() == null ? tick : last.firstExecution();
    }

    private static Map<String, Map<String, KeyState>> byGuaranteeAndKey(String agreementId, List<KeyState> states) {
        Map<String, Map<String, KeyState>> map = new HashMap<>();
        for (KeyState state : states) {
            if (agreementId.equals(state.agreementId())) {
                map.computeIfAbsent(state.guarantee(), g -> new HashMap<>()).put(state.key(), state);
            }
        }
        return map;
    }

    private static void logTransition(String agreementId, String guarantee, GuaranteeAssessment before,
                                      GuaranteeAssessment after) {
        boolean wasUnknown = before != null && before.state() == GuaranteeState.unknown;
        if (after.state() == GuaranteeState.unknown && !wasUnknown) {
            log.warn("agreement {} guarantee {} cannot be assessed: {}", LogText.escape(agreementId),
                    LogText.escape(guarantee), LogText.escape(after.error()));
        } else if (after.state() != GuaranteeState.unknown && wasUnknown) {
            log.info("agreement {} guarantee {} is assessed again", LogText.escape(agreementId),
                    LogText.escape(guarantee));
        }
    }
}
