package io.slaguard.manager.assessment;

import java.util.ArrayList;
import java.util.List;

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

/**
 * Parses a guarantee constraint (docs/architecture.md#constraints-and-assessment):
 * <pre>
 * expr    := or
 * or      := and ( "||" and )*
 * and     := not ( "&amp;&amp;" not )*
 * not     := "!" not | cmp
 * cmp     := sum ( ("=="|"!="|"&lt;"|"&lt;="|"&gt;"|"&gt;=") sum )?
 * sum     := prod ( ("+"|"-") prod )*
 * prod    := unary ( ("*"|"/"|"%") unary )*
 * unary   := "-" unary | atom
 * atom    := number | IDENT | "timeNow()" | "time()" | "(" expr ")"
 * </pre>
 * Besides the grammar, conditions and numbers must be used as such: the whole constraint, the operands of
 * {@code ! && ||} are conditions; the operands of comparisons and arithmetic are numbers. Identifiers are
 * {@code [A-Za-z_][A-Za-z0-9_:]*} (variable or metric names). A constraint is at most {@value #MAX_LENGTH}
 * characters and nests at most {@value #MAX_NESTING} levels.
 */
public final class ConstraintParser {
    /** Deeper nesting and longer text are refused rather than risking the stack on a hostile constraint. */
    static final int MAX_NESTING = 64;
    static final int MAX_LENGTH = 4000;

    private final List<Token> tokens;
    private int next;
    private int depth;

    private ConstraintParser(String text) {
        this.tokens = lex(text);
    }

    /**
     * @throws ConstraintSyntaxException naming the offending position, e.g. {@code unexpected ')' at position 12}
     */
    public static Expr parse(String constraint) {
        if (constraint == null || constraint.isBlank()) {
            throw new ConstraintSyntaxException("empty constraint", 0);
        }
        if (constraint.length() > MAX_LENGTH) {
            throw new ConstraintSyntaxException("constraint longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        ConstraintParser parser = new ConstraintParser(constraint);
        int start = parser.peek().position();
        Expr expr = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Kind.END) {
            throw parser.unexpected(rest);
        }
        parser.requireCondition(expr, start, "a constraint must be a condition such as 'x < 10'");
        return expr;
    }

    private Expr or() {
        int start = peek().position();
        Expr left = and();
        while (accept(Kind.OR)) {
            int rightStart = peek().position();
            Expr right = and();
            requireCondition(left, start, "'||' needs a condition on its left");
            requireCondition(right, rightStart, "'||' needs a condition on its right");
            left = new Or(left, right);
        }
        return left;
    }

    private Expr and() {
        int start = peek().position();
        Expr left = not();
        while (accept(Kind.AND)) {
            int rightStart = peek().position();
            Expr right = not();
            requireCondition(left, start, "'&&' needs a condition on its left");
            requireCondition(right, rightStart, "'&&' needs a condition on its right");
            left = new And(left, right);
        }
        return left;
    }

    private Expr not() {
        int bang = peek().position();
        if (accept(Kind.BANG)) {
            int start = peek().position();
            Expr operand = nested(bang, this::not);
            requireCondition(operand, start, "'!' needs a condition");
            return new Not(operand);
        }
        return comparison();
    }

    private Expr comparison() {
        int start = peek().position();
        Expr left = sum();
        Token op = peek();
        if (op.kind() != Kind.CMP) {
            return left;
        }
        next++;
        int rightStart = peek().position();
        Expr right = sum();
        requireNumber(left, start, "'" + op.text() + "' compares numbers, not conditions");
        requireNumber(right, rightStart, "'" + op.text() + "' compares numbers, not conditions");
        return new Compare(left, comparisonOperator(op.text()), right);
    }

    private Expr sum() {
        int start = peek().position();
        Expr left = product();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            ArithOp op = take().kind() == Kind.PLUS ? ArithOp.ADD : ArithOp.SUB;
            int rightStart = peek().position();
            Expr right = product();
            requireNumber(left, start, "'" + op.symbol() + "' needs numbers");
            requireNumber(right, rightStart, "'" + op.symbol() + "' needs numbers");
            left = new Arith(left, op, right);
        }
        return left;
    }

    private Expr product() {
        int start = peek().position();
        Expr left = unary();
        while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH || peek().kind() == Kind.PERCENT) {
            Kind kind = take().kind();
            ArithOp op = kind == Kind.STAR ? ArithOp.MUL : kind == Kind.SLASH ? ArithOp.DIV : ArithOp.MOD;
            int rightStart = peek().position();
            Expr right = unary();
            requireNumber(left, start, "'" + op.symbol() + "' needs numbers");
            requireNumber(right, rightStart, "'" + op.symbol() + "' needs numbers");
            left = new Arith(left, op, right);
        }
        return left;
    }

    private Expr unary() {
        int minus = peek().position();
        if (accept(Kind.MINUS)) {
            int start = peek().position();
            Expr operand = nested(minus, this::unary);
            requireNumber(operand, start, "'-' needs a number");
            return new Neg(operand);
        }
        return atom();
    }

    private Expr atom() {
        Token token = take();
        switch (token.kind()) {
            case NUMBER:
                return new Num(Double.parseDouble(token.text()));
            case IDENT:
                if (peek().kind() != Kind.LPAREN) {
                    return new Ident(token.text());
                }
                if (!token.text().equals("timeNow") && !token.text().equals("time")) {
                    throw new ConstraintSyntaxException("unknown function '" + token.text()
                            + "' (only timeNow() and time() exist)", token.position());
                }
                next++;
                expect(Kind.RPAREN, "')' after " + token.text() + "(");
                return new TimeNow();
            case LPAREN:
                Expr inner = nested(token.position(), this::or);
                expect(Kind.RPAREN, "')'");
                return inner;
            default:
                throw unexpected(token);
        }
    }

    /** Parses a nested rule; {@code position} is where the nesting operator stands. */
    private Expr nested(int position, java.util.function.Supplier<Expr> rule) {
        if (++depth > MAX_NESTING) {
            throw new ConstraintSyntaxException("nesting deeper than " + MAX_NESTING + " levels", position);
        }
        Expr expr = rule.get();
        depth--;
        return expr;
    }

    private void expect(Kind kind, String what) {
        Token token = peek();
        if (token.kind() != kind) {
            throw new ConstraintSyntaxException("expected " + what + " but found " + describe(token), token.position());
        }
        next++;
    }

    private void requireCondition(Expr expr, int position, String problem) {
        if (!expr.isCondition()) {
            throw new ConstraintSyntaxException(problem, position);
        }
    }

    private void requireNumber(Expr expr, int position, String problem) {
        if (expr.isCondition()) {
            throw new ConstraintSyntaxException(problem, position);
        }
    }

    private ConstraintSyntaxException unexpected(Token token) {
        return new ConstraintSyntaxException("unexpected " + describe(token), token.position());
    }

    private String describe(Token token) {
        return token.kind() == Kind.END ? "end of constraint" : "'" + token.text() + "'";
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            next++;
            return true;
        }
        return false;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    private static CmpOp comparisonOperator(String symbol) {
        for (CmpOp op : CmpOp.values()) {
            if (op.symbol().equals(symbol)) {
                return op;
            }
        }
        throw new IllegalStateException("lexer produced comparison " + symbol);
    }

    private enum Kind {
        NUMBER, IDENT, LPAREN, RPAREN, PLUS, MINUS, STAR, SLASH, PERCENT, CMP, BANG, AND, OR, END
    }

    private record Token(Kind kind, String text, int position) {
    }

    private static List<Token> lex(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isDigit(c) || (c == '.' && i + 1 < text.length() && isDigit(text.charAt(i + 1)))) {
                int end = numberEnd(text, i);
                tokens.add(new Token(Kind.NUMBER, text.substring(i, end), i));
                i = end;
            } else if (isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < text.length() && (isIdentifierChar(text.charAt(end)) || text.charAt(end) == '_'
                        || text.charAt(end) == ':')) {
                    end++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(i, end), i));
                i = end;
            } else {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                Kind kind;
                String symbol;
                switch (two) {
                    case "==", "!=", "<=", ">=" -> {
                        kind = Kind.CMP;
                        symbol = two;
                    }
                    case "&&" -> {
                        kind = Kind.AND;
                        symbol = two;
                    }
                    case "||" -> {
                        kind = Kind.OR;
                        symbol = two;
                    }
                    default -> {
                        symbol = String.valueOf(c);
                        kind = switch (c) {
                            case '(' -> Kind.LPAREN;
                            case ')' -> Kind.RPAREN;
                            case '+' -> Kind.PLUS;
                            case '-' -> Kind.MINUS;
                            case '*' -> Kind.STAR;
                            case '/' -> Kind.SLASH;
                            case '%' -> Kind.PERCENT;
                            case '<', '>' -> Kind.CMP;
                            case '!' -> Kind.BANG;
                            default -> throw new ConstraintSyntaxException("unexpected character '" + c + "'", i);
                        };
                    }
                }
                tokens.add(new Token(kind, symbol, i));
                i += symbol.length();
            }
        }
        tokens.add(new Token(Kind.END, "", text.length()));
        return tokens;
    }

    /** End of a number starting at {@code start}: digits, optional fraction, optional exponent. */
    private static int numberEnd(String text, int start) {
        int i = digits(text, start);
        if (i < text.length() && text.charAt(i) == '.') {
            i = digits(text, i + 1);
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            int end = digits(text, exponent);
            if (end == exponent) {
                throw new ConstraintSyntaxException("malformed number '" + text.substring(start, end) + "'", start);
            }
            i = end;
        }
        if (i < text.length() && (isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
            throw new ConstraintSyntaxException("unexpected '" + text.charAt(i) + "' after a number", i);
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isIdentifierChar(char c) {
        return isLetter(c) || isDigit(c);
    }

    private static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
