package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.slaguard.manager.assessment.ViolationQueryCompiler.CompiledQuery;
import io.slaguard.manager.model.Details;
import io.slaguard.manager.model.Guarantee;
import io.slaguard.manager.model.Predictor;
import io.slaguard.manager.model.Variable;

class ViolationQueryCompilerTest {
    private final ViolationQueryCompiler compiler = new ViolationQueryCompiler();

    private static Details details(List<Variable> variables, Guarantee... guarantees) {
        return details(variables, null, guarantees);
    }

    private static Details details(List<Variable> variables, Predictor predictor, Guarantee... guarantees) {
        return new Details("a1", "agreement", "a1", null, null, null, null, variables, List.of(guarantees), predictor);
    }

    private String compile(String constraint, Variable... variables) {
        return compile(constraint, null, 2, variables).promql();
    }

    private CompiledQuery compile(String constraint, Predictor predictor, int major, Variable... variables) {
        Guarantee guarantee = new Guarantee("g", constraint, null);
        return compiler.compile(details(List.of(variables), guarantee), guarantee, predictor, major);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "x < 5|(m) >= 5", "x <= 5|(m) > 5", "x > 5|(m) <= 5", "x >= 5|(m) < 5", "x == 5|(m) != 5",
            "x != 5|(m) == 5"})
    void eachComparisonIsNegated(String constraint, String violation) {
        assertThat(compile(constraint, new Variable("x", "m"))).isEqualTo(violation);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // the vector goes left, so the violating series keep their own value
            "1000 > cost|(c) >= 1000", "1000 >= cost|(c) > 1000", "1000 < cost|(c) <= 1000",
            "1000 <= cost|(c) < 1000", "1000 == cost|(c) != 1000", "1000 != cost|(c) == 1000",
            "time() - 60 < cost|(c) <= (time() - 60)"})
    void aVariableOnTheRightIsMirroredToTheLeft(String constraint, String violation) {
        assertThat(compile(constraint, new Variable("cost", "c"))).isEqualTo(violation);
    }

    @Test
    void logicalOperatorsFollowDeMorgan() {
        Variable a = new Variable("a", "ma");
        Variable b = new Variable("b", "mb");
        assertThat(compile("a < 1 && b < 2", a, b)).isEqualTo("((ma) >= 1) or ((mb) >= 2)");
        assertThat(compile("a < 1 || b < 2", a, b)).isEqualTo("((ma) >= 1) and ((mb) >= 2)");
        assertThat(compile("!(a < 1)", a)).isEqualTo("(ma) < 1");
        assertThat(compile("!(a < 1 && b < 2)", a, b)).isEqualTo("((ma) < 1) and ((mb) < 2)");
        assertThat(compile("!(a < 1 || !(b < 2))", a, b)).isEqualTo("((ma) < 1) or ((mb) >= 2)");
    }

    @Test
    void scalarAgainstScalarIsComparedWithBoolInsideVector() {
        assertThat(compile("timeNow() < 1700000000")).isEqualTo("vector(time() >= bool 1700000000) == 1");
        assertThat(compile("2 * 3 == 6")).isEqualTo("vector((2 * 3) != bool 6) == 1");
        // a label-less result is joined to labelled series with on(), keeping the labelled ones
        assertThat(compile("timeNow() < 1700000000 || x < 5", new Variable("x", "m")))
                .isEqualTo("((m) >= 5) and on() (vector(time() >= bool 1700000000) == 1)");
    }

    @Test
    void shippedTooLongAndTooCostlyShapes() {
        assertThat(compile("timeNow() - FunctionEndMax < 0", new Variable("FunctionEndMax", "f + on(job_id) g")))
                .isEqualTo("(time() - (f + on(job_id) g)) >= 0");
        assertThat(compile("1.6276e-8 * costFunctions < 0.5", new Variable("costFunctions", "sum(c)")))
                .isEqualTo("(0.000000016276 * (sum(c))) >= 0.5");
    }

    @Test
    void vectorsCombineByPromqlMatchingNotByPosition() {
        assertThat(compile("used / total < 0.9", new Variable("used", "u"), new Variable("total", "t")))
                .isEqualTo("((u) / (t)) >= 0.9");
        assertThat(compile("a < b", new Variable("a", "ma"), new Variable("b", "mb"))).isEqualTo("(ma) >= (mb)");
        assertThat(compile("-a < -(1)", new Variable("a", "ma"))).isEqualTo("(-(ma)) >= (-1)");
    }

    @Test
    void undeclaredIdentifiersAreMetricNamesAndSaySo() {
        CompiledQuery query = compile("up == 1", null, 2);
        assertThat(query.promql()).isEqualTo("up != 1");
        assertThat(query.notes()).containsExactly("'up' is not a variable of the agreement: read as the metric up");
    }

    @Test
    void legacyTimeNowInsideVariablesBecomesTime() {
        assertThat(compile("age < 10", new Variable("age", "timeNow() - function_start")))
                .isEqualTo("(time() - function_start) >= 10");
    }

    @Test
    void aRangeVectorWithoutPredictorIsItsNewestSample() {
        CompiledQuery query = compile("cpu < 90", null, 2, new Variable("cpu", "cpu_usage{call_id=\"x\"}[1m]"));
        assertThat(query.promql()).isEqualTo("(last_over_time(cpu_usage{call_id=\"x\"}[1m])) >= 90");
        assertThat(query.notes()).containsExactly(
                "variable 'cpu' is a range vector: evaluated as its newest sample (last_over_time)");
        assertThat(compile("cpu < 90", new Variable("cpu", "max(cpu_usage)[5m:10s] offset 1m")))
                .isEqualTo("(last_over_time(max(cpu_usage)[5m:10s] offset 1m)) >= 90");
    }

    @Test
    void thePredictorWrapsRangeVectorsOnlyAndDependsOnTheVersion() {
        Variable range = new Variable("cpu", "cpu_usage[2m]");
        Variable instant = new Variable("mem", "rate(memory_usage[2m])");
        Predictor hw = new Predictor("holt_winters", 0.3, 0.7, null);
        CompiledQuery v2 = compile("cpu < 90 && mem < 100", hw, 2, range, instant);
        assertThat(v2.promql()).isEqualTo("((holt_winters(cpu_usage[2m], 0.3, 0.7)) >= 90) or ((rate(memory_usage[2m])) >= 100)");
        assertThat(v2.notes()).containsExactly("predictor holt_winters applied to variable 'cpu' (range vector)",
                "predictor holt_winters not applied to variable 'mem': not a range vector");
        assertThat(compile("cpu < 90", hw, 3, range).promql())
                .isEqualTo("(double_exponential_smoothing(cpu_usage[2m], 0.3, 0.7)) >= 90");
        assertThat(compile("cpu < 90", new Predictor("holt_winters", null, null, null), 2, range).promql())
                .isEqualTo("(holt_winters(cpu_usage[2m], 0.5, 0.5)) >= 90");
        assertThat(compile("cpu < 90", new Predictor("predict_linear", null, null, "1.5m"), 3, range).promql())
                .isEqualTo("(predict_linear(cpu_usage[2m], 90)) >= 90");
        assertThat(compile("cpu < 90", new Predictor("predict_linear", null, null, null), 2, range).promql())
                .isEqualTo("(predict_linear(cpu_usage[2m], 30)) >= 90");
    }

    @Test
    void anInvalidPredictorOrConstraintIsRefusedAtCompilation() {
        Variable range = new Variable("cpu", "cpu_usage[2m]");
        assertThatThrownBy(() -> compile("cpu < 90", new Predictor("arima", null, null, null), 2, range))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown predictor type 'arima'");
        assertThatThrownBy(() -> compile("cpu < (90", null, 2, range))
                .isInstanceOf(ConstraintSyntaxException.class).hasMessage("expected ')' but found end of constraint at position 9");
    }

    @Test
    void validationReportsEveryProblem() {
        Details bad = details(List.of(new Variable("x", "m"), new Variable("x", "n"), new Variable("y", " ")),
                new Predictor("holt", 0.0, 1.0, "soon"),
                new Guarantee("g1", "x < (1", "15s"),
                new Guarantee("g2", "x < 1", "fifteen"),
                new Guarantee(null, "x < 1", null),
                new Guarantee("g3", " ", null),
                new Guarantee("g1", "x < 1", null));
        assertThat(compiler.validate(bad)).containsExactly(
                "variable 'x' is declared twice",
                "variable 'y' has no metric",
                "guarantee 'g1': bad constraint 'x < (1': expected ')' but found end of constraint at position 6",
                "guarantee 'g2': bad 'for': invalid duration 'fifteen': expected e.g. 10s, 1.5m, 500ms, 2h, 1m30s or a number of seconds",
                "a guarantee has no name",
                "guarantee 'g3' has no constraint",
                "guarantee 'g1' is declared twice",
                "unknown predictor type 'holt': expected holt_winters or predict_linear",
                "predictor sf must lie strictly between 0 and 1, got 0.0",
                "predictor tf must lie strictly between 0 and 1, got 1.0",
                "bad predictor horizon: invalid duration 'soon': expected e.g. 10s, 1.5m, 500ms, 2h, 1m30s or a number of seconds");
        assertThat(compiler.validate(details(List.of(new Variable("x", "m")),
                new Predictor("predict_linear", null, null, "30s"), new Guarantee("g", "x < 1", "10s")))).isEmpty();
    }

    @Test
    void rangeVectorDetection() {
        assertThat(ViolationQueryCompiler.isRangeVector("x[5m]")).isTrue();
        assertThat(ViolationQueryCompiler.isRangeVector(" sum(x)[5m:1m] ")).isTrue();
        assertThat(ViolationQueryCompiler.isRangeVector("x[5m] @ 1700000000")).isTrue();
        assertThat(ViolationQueryCompiler.isRangeVector("rate(x[5m])")).isFalse();
        assertThat(ViolationQueryCompiler.isRangeVector("x{a=\"[1]\"}")).isFalse();
    }
}
