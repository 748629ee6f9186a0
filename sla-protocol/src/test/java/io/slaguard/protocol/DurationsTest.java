package io.slaguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({"10s,10000", "1.5m,90000", "500ms,500", "2h,7200000", "1d,86400000", "1m30s,90000", "10,10000",
            "0.25,250", "0s,0", "' 15s ',15000"})
    void acceptedForms(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "-5s", "10 s", "5x", "1.5.3s", "1e3", "PT10S", "10s5"})
    void otherTextIsRefusedByName(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid duration '" + text + "': expected e.g. 10s, 1.5m, 500ms, 2h, 1m30s or a number of seconds");
    }

    @ParameterizedTest
    @CsvSource({"1500,1.5", "30000,30", "1,0.001"})
    void secondsText(long millis, String text) {
        assertThat(Durations.toSecondsText(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
