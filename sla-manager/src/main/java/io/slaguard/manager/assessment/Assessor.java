package io.slaguard.manager.assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import io.slaguard.manager.model.Predictor;
import io.slaguard.manager.model.Violation;
import io.slaguard.protocol.Durations;

/**
 * Assesses one agreement at one tick (SPEC §6). Each guarantee is compiled into its violation query and run at the
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
    private static final Comparator<Sample> GREATER_VALUE = Comparator
            .comparing((Sample s) -> !Double.isNaN(s.value()))
            .thenComparingDouble(Sample::value);

    private final MetricsSource source;
    private final AssessmentSettings settings;
    private final ViolationExpander expander;
    private static final String SMOOTHING_PROBE = "%s(vector(0)[1m:30s], 0.5, 0.5)";

    private final ViolationQueryCompiler compiler = new ViolationQueryCompiler();
    /** The probe's answer once one function was evaluated; a failed probe is repeated at the next need. */
    private volatile Integer probedMajorVersion;

    public Assessor(MetricsSource source, AssessmentSettings settings, ViolationExpander expander) {
        this.source = source;
        this.settings = settings;
        this.expander = expander;
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
        for (Guarantee guarantee : guarantees(agreement)) {
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
        for (Guarantee guarantee : guarantees(agreement)) {
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

    /**
     * A guarantee's violation query as the loop sends it, with what the compiler did to the variables; with an
     * evaluation, the violating series it returns (one per key, capped like {@code last_values}) or why it could
     * not be evaluated.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GuaranteeQuery(String guarantee, String query, List<String> notes, List<KeyValue> violating,
                                 String error) {
    }

    /**
     * Every guarantee's violation query, for an operator to read or run by hand; with {@code evaluateWith}, each
     * is also evaluated at {@code at}. Changes nothing: no key state, no violation.
     */
    public List<GuaranteeQuery> explain(Agreement agreement, Instant at, MetricsSource evaluateWith) {
        List<GuaranteeQuery> queries = new ArrayList<>();
        for (Guarantee guarantee : guarantees(agreement)) {
            CompiledQuery query;
            try {
                query = compile(agreement, guarantee);
            } catch (MetricsSourceException e) {
                queries.add(new GuaranteeQuery(guarantee.name(), null, List.of(), null, e.getMessage()));
                continue;
            } catch (IllegalArgumentException e) {
                queries.add(new GuaranteeQuery(guarantee.name(), null, List.of(), null,
                        "cannot be assessed: " + e.getMessage()));
                continue;
            }
            if (evaluateWith == null) {
                queries.add(new GuaranteeQuery(guarantee.name(), query.promql(), query.notes(), null, null));
                continue;
            }
            try {
                List<KeyValue> violating = violatingByKey(evaluateWith.query(query.promql(), at,
                        settings.queryTimeout())).entrySet().stream().limit(settings.maxLastValues())
                        .map(e -> shown(e.getKey(), e.getValue(), at))
                        .toList();
                queries.add(new GuaranteeQuery(guarantee.name(), query.promql(), query.notes(), violating, null));
            } catch (MetricsSourceException e) {
                queries.add(new GuaranteeQuery(guarantee.name(), query.promql(), query.notes(), null, e.getMessage()));
            }
        }
        return queries;
    }

    /** The guarantee's violation query with the agreement's predictor, else the global one. */
    private CompiledQuery compile(Agreement agreement, Guarantee guarantee) throws MetricsSourceException {
        Predictor predictor = agreement.details().predictor() != null ? agreement.details().predictor()
                : settings.defaultPredictor();
        return compiler.compile(agreement.details(), guarantee, predictor, prometheusMajorVersion(predictor));
    }

    private GuaranteeResult assessGuarantee(Agreement agreement, Guarantee guarantee, GuaranteeAssessment last,
                                            Map<String, KeyState> previous, Instant tick) {
        try {
            Duration forDuration = guarantee.forDuration() == null ? Duration.ZERO
                    : Durations.parse(guarantee.forDuration());
            CompiledQuery query = compile(agreement, guarantee);
            long sent = System.nanoTime();
            List<Sample> answer;
            try {
                answer = source.query(query.promql(), tick, settings.queryTimeout());
            } catch (MetricsSourceException e) {
                return unknownResult(last, previous, tick, e.getMessage())
                        .withQueryTime(Duration.ofNanos(System.nanoTime() - sent));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            return conclude(agreement.id(), guarantee.name(), forDuration, last, previous, violatingByKey(answer), tick)
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

    private static KeyValue shown(String key, Sample sample, Instant at) {
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

    /** The violating series by key, one per key, keys in order. */
    private static Map<String, Sample> violatingByKey(List<Sample> samples) {
        Map<String, Sample> byKey = new TreeMap<>();
        for (Sample sample : samples) {
            byKey.merge(SeriesKeys.keyOf(sample.labels()), sample,
                    (a, b) -> GREATER_VALUE.compare(b, a) > 0 ? b : a);
        }
        return byKey;
    }

    /**
     * Only holt_winters depends on the version; other compilations never ask Prometheus. An engine that reports
     * no version (VictoriaMetrics) is asked once which of the two smoothing functions it evaluates.
     */
    private int prometheusMajorVersion(Predictor predictor) throws MetricsSourceException {
        if (predictor == null || predictor.type() == null
                || !Predictor.HOLT_WINTERS.equals(predictor.type().toLowerCase(Locale.ROOT))) {
            return 2;
        }
        String version = source.version();
        if (!version.isEmpty()) {
            return majorVersion(version);
        }
        Integer probed = probedMajorVersion;
        if (probed == null) {
            probed = probeSmoothingFunction();
            probedMajorVersion = probed;
        }
        return probed;
    }

    /** 2 when the engine evaluates holt_winters, else 3 when it evaluates double_exponential_smoothing. */
    private int probeSmoothingFunction() throws MetricsSourceException {
        Instant now = Instant.now();
        try {
            source.query(SMOOTHING_PROBE.formatted("holt_winters"), now, settings.queryTimeout());
            log.info("the query engine reports no version and evaluates holt_winters: holt_winters predictors use it");
            return 2;
        } catch (MetricsSourceException holtWinters) {
            try {
                source.query(SMOOTHING_PROBE.formatted("double_exponential_smoothing"), now, settings.queryTimeout());
                log.info("the query engine reports no version and evaluates double_exponential_smoothing:"
                        + " holt_winters predictors use it");
                return 3;
            } catch (MetricsSourceException smoothing) {
                throw new MetricsSourceException("the query engine reports no version and evaluates neither"
                        + " holt_winters (" + holtWinters.getMessage() + ") nor double_exponential_smoothing ("
                        + smoothing.getMessage() + ")");
            }
        }
    }

    /** {@code 2.42.0+ds} or {@code v3.1.0} → 2 or 3; a version without a leading number counts as 2. */
    static int majorVersion(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        int end = 0;
        while (end < v.length() && end < 9 && v.charAt(end) >= '0' && v.charAt(end) <= '9') {
            end++;
        }
        return end == 0 ? 2 : Integer.parseInt(v.substring(0, end));
    }

    private static List<Guarantee> guarantees(Agreement agreement) {
        return agreement.details() == null ? List.of() : agreement.details().guarantees();
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
