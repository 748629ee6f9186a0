package io.slaguard.manager.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Outside text cannot forge or flood a log line. */
class LogTextTest {
    @Test
    void lineBreaksAndControlCharactersAreEscaped() {
        assertThat(LogText.escape("g\n2026-01-01 ERROR forged")).isEqualTo("g\\n2026-01-01 ERROR forged")
                .doesNotContain("\n");
        assertThat(LogText.escape("a\rb\tc\u001b[31md\u2028e\\f")).isEqualTo("a\\rb\\tc\\u001b[31md\\u2028e\\\\f");
        assertThat(LogText.escape(null)).isEqualTo("null");
        assertThat(LogText.escape("plain tooLong é")).isEqualTo("plain tooLong é");
    }

    @Test
    void longValuesAreCutAndCounted() {
        String escaped = LogText.escape("x".repeat(LogText.MAX_CHARS + 100));
        assertThat(escaped).startsWith("x".repeat(LogText.MAX_CHARS)).endsWith("…(100 more chars)");
    }
}
