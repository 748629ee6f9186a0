package io.slaguard.manager.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.slaguard.manager.assessment.Expr.And;
import io.slaguard.manager.assessment.Expr.Arith;
import io.slaguard.manager.assessment.Expr.ArithOp;
import io.slaguard.manager.assessment.Expr.CmpOp;
import io.slaguard.manager.assessment.Expr.Compare;
import io.slaguard.manager.assessment.Expr.Ident;
import io.slaguard.manager.assessment.Expr.Neg;
import io.slaguard.manager.assessment.Expr.Not;
import io.slaguard.manager.assessment.Expr.Num;
import io.slaguard.manager.assessment.Expr.Or;
import io.slaguard.manager.assessment.Expr.TimeNow;

class ConstraintParserTest {

    private static Ident id(String name) {
        return new Ident(name);
    }

    @Test
    void shippedConstraintsParse() {
        assertThat(ConstraintParser.parse("notStarted == 0"))
                .isEqualTo(new Compare(id("notStarted"), CmpOp.EQ, new Num(0)));
        assertThat(ConstraintParser.parse("timeNow() - FunctionEndMax < 0"))
                .isEqualTo(new Compare(new Arith(new TimeNow(), ArithOp.SUB, id("FunctionEndMax")), CmpOp.LT, new Num(0)));
        assertThat(ConstraintParser.parse("1.6276e-8 * costFunctions < 10"))
                .isEqualTo(new Compare(new Arith(new Num(1.6276e-8), ArithOp.MUL, id("costFunctions")), CmpOp.LT,
                        new Num(10)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "1.7e-8|1.7e-8", "1.7E-8|1.7e-8", "2e3|2000", "2e+3|2000", ".5|0.5", "10.|10", "0.000000017|1.7e-8"})
    void numbersIncludingExponents(String text, double value) {
        assertThat(ConstraintParser.parse("x < " + text)).isEqualTo(new Compare(id("x"), CmpOp.LT, new Num(value)));
    }

    @Test
    void multiplicationBindsTighterThanAdditionAndBothAreLeftAssociative() {
        assertThat(ConstraintParser.parse("a + b * c - d / e % f > 0")).isEqualTo(new Compare(
                new Arith(new Arith(id("a"), ArithOp.ADD, new Arith(id("b"), ArithOp.MUL, id("c"))), ArithOp.SUB,
                        new Arith(new Arith(id("d"), ArithOp.DIV, id("e")), ArithOp.MOD, id("f"))),
                CmpOp.GT, new Num(0)));
        assertThat(ConstraintParser.parse("a - b - c > 0")).isEqualTo(new Compare(
                new Arith(new Arith(id("a"), ArithOp.SUB, id("b")), ArithOp.SUB, id("c")), CmpOp.GT, new Num(0)));
    }

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        Compare a = new Compare(id("a"), CmpOp.LT, new Num(1));
        Compare b = new Compare(id("b"), CmpOp.LT, new Num(2));
        Compare c = new Compare(id("c"), CmpOp.LT, new Num(3));
        assertThat(ConstraintParser.parse("a < 1 || b < 2 && c < 3")).isEqualTo(new Or(a, new And(b, c)));
        assertThat(ConstraintParser.parse("(a < 1 || b < 2) && c < 3")).isEqualTo(new And(new Or(a, b), c));
        assertThat(ConstraintParser.parse("!a < 1 && b < 2")).isEqualTo(new And(new Not(a), b));
        assertThat(ConstraintParser.parse("!!(a < 1)")).isEqualTo(new Not(new Not(a)));
    }

    @Test
    void unaryMinusParenthesesAndTimeFunctions() {
        assertThat(ConstraintParser.parse("-x * 2 >= -(y + 1)")).isEqualTo(new Compare(
                new Arith(new Neg(id("x")), ArithOp.MUL, new Num(2)), CmpOp.GE,
                new Neg(new Arith(id("y"), ArithOp.ADD, new Num(1)))));
        assertThat(ConstraintParser.parse("time ( ) != timeNow()"))
                .isEqualTo(new Compare(new TimeNow(), CmpOp.NE, new TimeNow()));
        assertThat(ConstraintParser.parse("node:cpu_usage:rate5m <= 3"))
                .isEqualTo(new Compare(id("node:cpu_usage:rate5m"), CmpOp.LE, new Num(3)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "(a < 1) && b < 2)|unexpected ')'|16",
            "a <|unexpected end of constraint|3",
            "a < 1 &&|unexpected end of constraint|8",
            "a # 1|unexpected character '#'|2",
            "a < 1e|malformed number '1e'|4",
            "a < 12abc|unexpected 'a' after a number|6",
            "a < max(b)|unknown function 'max' (only timeNow() and time() exist)|4",
            "timeNow( < 1|expected ')' after timeNow( but found '<'|9",
            "(a < 1|expected ')' but found end of constraint|6",
            "a|a constraint must be a condition such as 'x < 10'|0",
            "a + 1|a constraint must be a condition such as 'x < 10'|0",
            "a < 1 && b|'&&' needs a condition on its right|9",
            "!a|'!' needs a condition|1",
            "(a < 1) < 2|'<' compares numbers, not conditions|0",
            "a < 1 < 2|unexpected '<'|6",
            "a = 1|unexpected character '='|2",
            "a & b|unexpected character '&'|2",
            "  |empty constraint|0",
    })
    void errorsNameTheirPosition(String constraint, String problem, int position) {
        assertThatThrownBy(() -> ConstraintParser.parse(constraint))
                .isInstanceOfSatisfying(ConstraintSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.getMessage()).isEqualTo(problem + " at position " + position);
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostileNestingAndLengthAreRefusedNotOverflowingTheStack() {
        String deep = "(".repeat(65) + "a < 1" + ")".repeat(65);
        assertThatThrownBy(() -> ConstraintParser.parse(deep)).isInstanceOf(ConstraintSyntaxException.class)
                .hasMessage("nesting deeper than 64 levels at position 64");
        assertThat(ConstraintParser.parse("(".repeat(64) + "a < 1" + ")".repeat(64))).isInstanceOf(Compare.class);
        assertThatThrownBy(() -> ConstraintParser.parse("-".repeat(100) + "a < 1"))
                .hasMessage("nesting deeper than 64 levels at position 64");
        assertThatThrownBy(() -> ConstraintParser.parse("!".repeat(100) + "a < 1"))
                .hasMessage("nesting deeper than 64 levels at position 64");
        assertThatThrownBy(() -> ConstraintParser.parse("a" + " + a".repeat(1000) + " < 1"))
                .hasMessage("constraint longer than 4000 characters at position 4000");
    }

    @Test
    void identifiersAreCollectedInOrder() {
        assertThat(ConstraintParser.parse("b + a < c && !(a > d)").identifiers()).containsExactly("b", "a", "c", "d");
    }
}
