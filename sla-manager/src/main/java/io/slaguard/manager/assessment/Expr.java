package io.slaguard.manager.assessment;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A parsed guarantee constraint (docs/architecture.md#constraints-and-assessment). Conditions ({@link Compare}, {@link Not}, {@link And}, {@link Or}) are
 * true or false per series; terms ({@link Num}, {@link Ident}, {@link TimeNow}, {@link Neg}, {@link Arith}) are
 * numbers or vectors of numbers. The parser only builds trees where conditions and terms are used as such.
 */
public sealed interface Expr {

    /** A number literal, e.g. {@code 1.7e-8}. */
    record Num(double value) implements Expr {
    }

    /** A variable of the agreement, or, undeclared, a metric name. */
    record Ident(String name) implements Expr {
    }

    /** {@code timeNow()} or {@code time()}: the evaluation instant in epoch seconds. */
    record TimeNow() implements Expr {
    }

    /** Unary minus. */
    record Neg(Expr operand) implements Expr {
    }

    record Arith(Expr left, ArithOp op, Expr right) implements Expr {
    }

    record Compare(Expr left, CmpOp op, Expr right) implements Expr {
    }

    record Not(Expr operand) implements Expr {
    }

    record And(Expr left, Expr right) implements Expr {
    }

    record Or(Expr left, Expr right) implements Expr {
    }

    enum ArithOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%");

        private final String symbol;

        ArithOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    enum CmpOp {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        CmpOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** The comparison that holds exactly when this one does not: {@code <} ↔ {@code >=}, {@code ==} ↔ {@code !=}. */
        public CmpOp negated() {
            return switch (this) {
                case EQ -> NE;
                case NE -> EQ;
                case LT -> GE;
                case LE -> GT;
                case GT -> LE;
                case GE -> LT;
            };
        }

        /** The same comparison with its sides swapped: {@code a < b} ⇔ {@code b > a}. */
        public CmpOp mirrored() {
            return switch (this) {
                case EQ, NE -> this;
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
            };
        }
    }

    /** True for expressions that are true or false rather than numbers. */
    default boolean isCondition() {
        return this instanceof Compare || this instanceof Not || this instanceof And || this instanceof Or;
    }

    /** The identifiers this expression refers to, in order of first appearance. */
    default Set<String> identifiers() {
        Set<String> names = new LinkedHashSet<>();
        collectIdentifiers(this, names);
        return names;
    }

    private static void collectIdentifiers(Expr expr, Set<String> names) {
        // Java 17: no pattern matching in switch yet
        if (expr instanceof Ident ident) {
            names.add(ident.name());
        } else if (expr instanceof Neg neg) {
            collectIdentifiers(neg.operand(), names);
        } else if (expr instanceof Not not) {
            collectIdentifiers(not.operand(), names);
        } else if (expr instanceof Arith a) {
            collectIdentifiers(a.left(), names);
            collectIdentifiers(a.right(), names);
        } else if (expr instanceof Compare c) {
            collectIdentifiers(c.left(), names);
            collectIdentifiers(c.right(), names);
        } else if (expr instanceof And a) {
            collectIdentifiers(a.left(), names);
            collectIdentifiers(a.right(), names);
        } else if (expr instanceof Or o) {
            collectIdentifiers(o.left(), names);
            collectIdentifiers(o.right(), names);
        }
    }
}
