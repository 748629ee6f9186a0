package io.slaguard.protocol;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 10s}, {@code 1.5m}, {@code 500ms}, {@code 2h}, {@code 1d}, Go-style
 * sequences such as {@code 1m30s}, or a bare number of seconds ({@code 10}, {@code 0.5}). Never negative.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(ms|s|m|h|d)");
    private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the text and the accepted forms */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        String trimmed = text.trim();
        if (SECONDS.matcher(trimmed).matches()) {
            return ofSeconds(new BigDecimal(trimmed), text);
        }
        Matcher part = PART.matcher(trimmed);
        BigDecimal seconds = BigDecimal.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            seconds = seconds.add(new BigDecimal(part.group(1)).multiply(unitSeconds(part.group(2))));
            end = part.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw invalid(text);
        }
        return ofSeconds(seconds, text);
    }

    /** The plain decimal number of seconds, as PromQL and Prometheus' API parameters accept it: {@code 1.5}. */
    public static String toSecondsText(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano()).divide(NANOS_PER_SECOND));
        return seconds.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal unitSeconds(String unit) {
        return switch (unit) {
            case "ms" -> new BigDecimal("0.001");
            case "s" -> BigDecimal.ONE;
            case "m" -> BigDecimal.valueOf(60);
            case "h" -> BigDecimal.valueOf(3600);
            case "d" -> BigDecimal.valueOf(86400);
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    private static Duration ofSeconds(BigDecimal seconds, String text) {
        try {
            BigDecimal nanos = seconds.multiply(NANOS_PER_SECOND);
            BigDecimal[] parts = nanos.divideAndRemainder(NANOS_PER_SECOND);
            return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValue());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long", e);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + text
                + "': expected e.g. 10s, 1.5m, 500ms, 2h, 1m30s or a number of seconds");
    }
}
