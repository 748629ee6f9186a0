package io.slaguard.manager.assessment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.slaguard.manager.assessment.Expr.And;
import io.slaguard.manager.assessment.Expr.Arith;
import io.slaguard.manager.assessment.Expr.CmpOp;
import io.slaguard.manager.assessment.Expr.Compare;
import io.slaguard.manager.assessment.Expr.Ident;
import io.slaguard.manager.assessment.Expr.Neg;
import io.slaguard.manager.assessment.Expr.Not;
import io.slaguard.manager.assessment.Expr.Num;
import io.slaguard.manager.assessment.Expr.Or;
import io.slaguard.manager.assessment.Expr.TimeNow;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.Predictor;
import io.slaguard.manager.model.Variable;
import io.slaguard.protocol.Durations;

/**
 * Compiles a guarantee into one PromQL "violation query" whose result is exactly the violating series (docs/architecture.md#constraints-and-assessment).
 *
 * <p>Rules:
 * <ul>
 * <li>Each variable becomes {@code (<its PromQL>)}; an identifier that is not a variable is a metric name;
 *     {@code timeNow()}/{@code time()} become {@code time()}, in constraints and in variables' PromQL (legacy).</li>
 * <li>The constraint is negated: {@code a < b} → {@code a >= b}, {@code ==} ↔ {@code !=}, {@code !(x)} → x,
 *     {@code A && B} → {@code (¬A) or (¬B)}, {@code A || B} → {@code (¬A) and (¬B)}.</li>
 * <li>Comparisons filter (no {@code bool}), so the result is the violating series with the value of the vector
 *     side: the left-hand side when it holds a variable. When only the right-hand side does ({@code 1000 > cost}),
 *     the comparison is mirrored so the vector stands on the left ({@code cost >= 1000}): every Prometheus version
 *     then keeps the series and its own value (old versions returned the scalar's value for {@code scalar op vector}).</li>
 * <li>A side without identifiers is a scalar. Scalar against scalar is compared with {@code bool} inside
 *     {@code vector(…)} keeping {@code == 1}: one label-less series of value 1 when violated. Such a series is
 *     joined to others with {@code and on()}, since it carries no labels to match.</li>
 * <li>Arithmetic and comparisons between two vectors follow PromQL's one-to-one vector matching on identical
 *     label sets, never pairing by position; set operations match on all labels but the metric name.</li>
 * <li>A variable whose PromQL is a range vector or subquery (ends in {@code [...]}, optionally followed by
 *     {@code offset}/{@code @}) is wrapped by the predictor when one applies ({@code holt_winters} on Prometheus
 *     2.x, {@code double_exponential_smoothing} on 3.x, {@code predict_linear(m, horizonSeconds)}), otherwise
 *     evaluated as its newest sample with {@code last_over_time}. Other variables are left alone; the notes say
 *     which variable got what.</li>
 * </ul>
 */
public final class ViolationQueryCompiler {
    public static final double DEFAULT_SMOOTHING_FACTOR = 0.5;
    public static final double DEFAULT_TREND_FACTOR = 0.5;
    public static final Duration DEFAULT_HORIZON = Duration.ofSeconds(30);
    /**
     * Longest violation query of one guarantee, and of all guarantees of an agreement together. A constraint
     * names a variable as often as it likes, and each mention is its whole PromQL: without a bound a small
     * agreement compiles into hundreds of megabytes.
     */
    public static final int MAX_QUERY_CHARS = 64 * 1024;
    public static final int MAX_AGREEMENT_QUERY_CHARS = 1024 * 1024;
    /** Generous per-node allowance for what the emitter adds around an operand (parentheses, bool, on(), a number). */
    private static final int NODE_ALLOWANCE = 400;

    /** Ends in a range or subquery selector, possibly followed by offset and @ modifiers. */
    private static final Pattern RANGE_VECTOR = Pattern.compile(
            "(?s).*\\[[^\\[\\]]+\\]\\s*((offset\\s+-?[0-9a-zA-Z.]+|@\\s*[^\\s\\[\\]]+)\\s*)*$");
    private static final Pattern TIME_NOW = Pattern.compile("\\btimeNow\\s*\\(\\s*\\)");

    /** The violation query and what the compiler did to the variables, for the operator. */
    public record CompiledQuery(String promql, List<String> notes) {
        public CompiledQuery {
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param effectivePredictor the agreement's predictor, else the global one; null for none
     * @param prometheusMajorVersion 2 or 3: decides between holt_winters and double_exponential_smoothing
     * @throws IllegalArgumentException when the guarantee or predictor is invalid (see {@link #validate})
     */
    public CompiledQuery compile(Details details, Guarantee guarantee, Predictor effectivePredictor,
                                 int prometheusMajorVersion) {
        if (guarantee.constraint() == null || guarantee.constraint().isBlank()) {
            throw new IllegalArgumentException("guarantee '" + guarantee.name() + "' has no constraint");
        }
        Expr constraint = ConstraintParser.parse(guarantee.constraint());
        ResolvedPredictor predictor = ResolvedPredictor.of(effectivePredictor, prometheusMajorVersion);
        Map<String, String> metrics = new LinkedHashMap<>();
        details.variables().forEach(v -> metrics.putIfAbsent(v.name(), v.metric()));
        List<String> notes = new ArrayList<>();
        Map<String, String> rendered = new LinkedHashMap<>();
        for (String name : constraint.identifiers()) {
            rendered.put(name, renderIdentifier(name, metrics, predictor, notes));
        }
        long bound = lengthBound(constraint, rendered);
        if (bound > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("guarantee '" + guarantee.name() + "' compiles into a violation query of"
                    + " up to " + bound + " characters; the limit is " + MAX_QUERY_CHARS);
        }
        Fragment violating = new Emitter(rendered).condition(constraint, true);
        return new CompiledQuery(violating.promql(), notes);
    }

    /** An upper bound of the compiled query's length, computed without building it. */
    private static long lengthBound(Expr expr, Map<String, String> rendered) {
        if (expr instanceof Expr.Ident ident) {
            return NODE_ALLOWANCE + rendered.getOrDefault(ident.name(), ident.name()).length();
        }
        if (expr instanceof Expr.Neg neg) {
            return NODE_ALLOWANCE + lengthBound(neg.operand(), rendered);
        }
        if (expr instanceof Expr.Not not) {
            return NODE_ALLOWANCE + lengthBound(not.operand(), rendered);
        }
        if (expr instanceof Expr.Arith a) {
            return NODE_ALLOWANCE + lengthBound(a.left(), rendered) + lengthBound(a.right(), rendered);
        }
        if (expr instanceof Expr.Compare c) {
            return NODE_ALLOWANCE + lengthBound(c.left(), rendered) + lengthBound(c.right(), rendered);
        }
        if (expr instanceof Expr.And a) {
            return NODE_ALLOWANCE + lengthBound(a.left(), rendered) + lengthBound(a.right(), rendered);
        }
        if (expr instanceof Expr.Or o) {
            return NODE_ALLOWANCE + lengthBound(o.left(), rendered) + lengthBound(o.right(), rendered);
        }
        return NODE_ALLOWANCE;
    }

    /** Every problem of the agreement's terms that would stop a guarantee from being assessed; empty when fine. */
    public List<String> validate(Details details) {
        List<String> problems = new ArrayList<>();
        Set<String> variableNames = new HashSet<>();
        for (Variable variable : details.variables()) {
            if (variable.name() == null || variable.name().isBlank()) {
                problems.add("a variable has no name");
            } else if (!variableNames.add(variable.name())) {
                problems.add("variable '" + variable.name() + "' is declared twice");
            }
            if (variable.metric() == null || variable.metric().isBlank()) {
                problems.add("variable '" + variable.name() + "' has no metric");
            }
        }
        Set<String> guaranteeNames = new HashSet<>();
        for (Guarantee guarantee : details.guarantees()) {
            String label = guarantee.name() == null || guarantee.name().isBlank() ? "(unnamed)" : guarantee.name();
            if (label.equals("(unnamed)")) {
                problems.add("a guarantee has no name");
            } else if (!guaranteeNames.add(guarantee.name())) {
                problems.add("guarantee '" + guarantee.name() + "' is declared twice");
            }
            if (guarantee.constraint() == null || guarantee.constraint().isBlank()) {
                problems.add("guarantee '" + label + "' has no constraint");
            } else {
                try {
                    ConstraintParser.parse(guarantee.constraint());
                } catch (ConstraintSyntaxException e) {
                    problems.add("guarantee '" + label + "': bad constraint '" + guarantee.constraint() + "': "
                            + e.getMessage());
                }
            }
            if (guarantee.forDuration() != null) {
                try {
                    Durations.parse(guarantee.forDuration());
                } catch (IllegalArgumentException e) {
                    problems.add("guarantee '" + label + "': bad 'for': " + e.getMessage());
                }
            }
        }
        if (details.predictor() != null) {
            problems.addAll(validatePredictor(details.predictor()));
        }
        if (problems.isEmpty()) {
            problems.addAll(querySizeProblems(details));
        }
        return problems;
    }

    /**
     * Each guarantee's query within {@link #MAX_QUERY_CHARS}, all of them within {@link #MAX_AGREEMENT_QUERY_CHARS}
     * (a range-vector variable, wrapped by whichever predictor applies, is counted with the longest wrapping).
     */
    private List<String> querySizeProblems(Details details) {
        List<String> problems = new ArrayList<>();
        long total = 0;
        Predictor longest = new Predictor(Predictor.HOLT_WINTERS, null, null, null);
        for (Guarantee guarantee : details.guarantees()) {
            try {
                total += compile(details, guarantee, details.predictor() != null ? details.predictor() : longest, 3)
                        .promql().length();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if (total > MAX_AGREEMENT_QUERY_CHARS) {
                problems.add("the violation queries of the agreement's guarantees exceed " + MAX_AGREEMENT_QUERY_CHARS
                        + " characters together");
                break;
            }
        }
        return problems;
    }

    /** Every problem of a predictor (agreement's or global); empty when fine. */
    public static List<String> validatePredictor(Predictor predictor) {
        List<String> problems = new ArrayList<>();
        String type = predictor.type() == null ? "" : predictor.type().toLowerCase(Locale.ROOT);
        if (!type.equals(Predictor.HOLT_WINTERS) && !type.equals(Predictor.PREDICT_LINEAR)) {
            problems.add("unknown predictor type '" + predictor.type() + "': expected " + Predictor.HOLT_WINTERS
                    + " or " + Predictor.PREDICT_LINEAR);
        }
        checkFactor("sf", predictor.sf(), problems);
        checkFactor("tf", predictor.tf(), problems);
        if (predictor.horizon() != null) {
            try {
                if (Durations.parse(predictor.horizon()).isZero()) {
                    problems.add("predictor horizon must be positive");
                }
            } catch (IllegalArgumentException e) {
                problems.add("bad predictor horizon: " + e.getMessage());
            }
        }
        return problems;
    }

    private static void checkFactor(String name, Double value, List<String> problems) {
        if (value != null && !(value > 0 && value < 1)) {
            problems.add("predictor " + name + " must lie strictly between 0 and 1, got " + value);
        }
    }

    /** True if the PromQL ends in a range or subquery selector, e.g. {@code cpu_usage[1m]} or {@code max(x)[5m:10s]}. */
    public static boolean isRangeVector(String promql) {
        return RANGE_VECTOR.matcher(promql.trim()).matches();
    }

    private static String renderIdentifier(String name, Map<String, String> metrics, ResolvedPredictor predictor,
                                           List<String> notes) {
        String metric = metrics.get(name);
        if (metric == null) {
            notes.add("'" + name + "' is not a variable of the agreement: read as the metric " + name);
            return name;
        }
        if (metric.isBlank()) {
            throw new IllegalArgumentException("variable '" + name + "' has no metric");
        }
        String promql = TIME_NOW.matcher(metric.trim()).replaceAll("time()");
        if (!isRangeVector(promql)) {
            if (predictor != null) {
                notes.add("predictor " + predictor.type() + " not applied to variable '" + name
                        + "': not a range vector");
            }
            return "(" + promql + ")";
        }
        if (predictor == null) {
            notes.add("variable '" + name + "' is a range vector: evaluated as its newest sample (last_over_time)");
            return "(last_over_time(" + promql + "))";
        }
        notes.add("predictor " + predictor.type() + " applied to variable '" + name + "' (range vector)");
        return "(" + predictor.wrap(promql) + ")";
    }

    /** A predictor with its defaults filled in and its PromQL function chosen for the Prometheus version. */
    private record ResolvedPredictor(String type, String function, double sf, double tf, Duration horizon) {
        static ResolvedPredictor of(Predictor predictor, int prometheusMajorVersion) {
            if (predictor == null) {
                return null;
            }
            List<String> problems = validatePredictor(predictor);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            String type = predictor.type().toLowerCase(Locale.ROOT);
            String function = type.equals(Predictor.PREDICT_LINEAR) ? "predict_linear"
                    : prometheusMajorVersion >= 3 ? "double_exponential_smoothing" : "holt_winters";
            return new ResolvedPredictor(type, function,
                    predictor.sf() == null ? DEFAULT_SMOOTHING_FACTOR : predictor.sf(),
                    predictor.tf() == null ? DEFAULT_TREND_FACTOR : predictor.tf(),
                    predictor.horizon() == null ? DEFAULT_HORIZON : Durations.parse(predictor.horizon()));
        }

        String wrap(String rangeVector) {
            if (function.equals("predict_linear")) {
                return "predict_linear(" + rangeVector + ", " + Durations.toSecondsText(horizon) + ")";
            }
            return function + "(" + rangeVector + ", " + number(sf) + ", " + number(tf) + ")";
        }
    }

    /** A piece of PromQL: {@code vector} when it holds series with labels, else a scalar (or label-less vector). */
    private record Fragment(String promql, boolean vector) {
    }

    /** Writes conditions as PromQL selecting the series for which they hold ({@code violated=false}) or fail. */
    private static final class Emitter {
        private final Map<String, String> identifiers;

        Emitter(Map<String, String> identifiers) {
            this.identifiers = identifiers;
        }

        Fragment condition(Expr expr, boolean violated) {
            if (expr instanceof Compare c) {
                return comparison(c, violated ? c.op().negated() : c.op());
            }
            if (expr instanceof Not not) {
                return condition(not.operand(), !violated);
            }
            if (expr instanceof And a) {
                Fragment left = condition(a.left(), violated);
                Fragment right = condition(a.right(), violated);
                return violated ? union(left, right) : intersection(left, right);
            }
            if (expr instanceof Or o) {
                Fragment left = condition(o.left(), violated);
                Fragment right = condition(o.right(), violated);
                return violated ? intersection(left, right) : union(left, right);
            }
            throw new IllegalArgumentException("not a condition: " + expr);
        }

        private Fragment comparison(Compare c, CmpOp op) {
            Fragment left = term(c.left());
            Fragment right = term(c.right());
            if (!left.vector() && !right.vector()) {
                return new Fragment("vector(" + left.promql() + " " + op.symbol() + " bool " + right.promql()
                        + ") == 1", false);
            }
            if (left.vector()) {
                return new Fragment(left.promql() + " " + op.symbol() + " " + right.promql(), true);
            }
            return new Fragment(right.promql() + " " + op.mirrored().symbol() + " " + left.promql(), true);
        }

        private static Fragment union(Fragment left, Fragment right) {
            return new Fragment("(" + left.promql() + ") or (" + right.promql() + ")", left.vector() || right.vector());
        }

        private static Fragment intersection(Fragment left, Fragment right) {
            if (left.vector() == right.vector()) {
                return new Fragment("(" + left.promql() + ") and (" + right.promql() + ")", left.vector());
            }
            // a label-less series matches nothing by labels: join it with on(), keeping the labelled series
            Fragment labelled = left.vector() ? left : right;
            Fragment labelless = left.vector() ? right : left;
            return new Fragment("(" + labelled.promql() + ") and on() (" + labelless.promql() + ")", true);
        }

        /** A term in parentheses unless atomic, so PromQL's precedence never regroups it. */
        private Fragment term(Expr expr) {
            if (expr instanceof Num n) {
                return new Fragment(number(n.value()), false);
            }
            if (expr instanceof Ident ident) {
                return new Fragment(identifiers.get(ident.name()), true);
            }
            if (expr instanceof TimeNow) {
                return new Fragment("time()", false);
            }
            if (expr instanceof Neg neg) {
                Fragment operand = term(neg.operand());
                return new Fragment("(-" + operand.promql() + ")", operand.vector());
            }
            if (expr instanceof Arith a) {
                Fragment left = term(a.left());
                Fragment right = term(a.right());
                return new Fragment("(" + left.promql() + " " + a.op().symbol() + " " + right.promql() + ")",
                        left.vector() || right.vector());
            }
            throw new IllegalArgumentException("not a number: " + expr);
        }
    }

    /** Plain decimal notation (no exponent), as PromQL reads it everywhere: 1.7e-8 → 0.000000017. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
