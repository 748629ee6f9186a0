package io.slaguard.manager.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DispatcherSettingsTest {
    private final DispatcherSettings settings = new DispatcherSettings(Duration.ofSeconds(1), 10,
            Duration.ofMillis(500), Duration.ofSeconds(3));

    @Test
    void backoffDoublesFromTheMinimumUpToTheCap() {
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.backoff(1000)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new DispatcherSettings(Duration.ZERO, 10, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessageContaining("poll interval");
        assertThatThrownBy(() -> new DispatcherSettings(Duration.ofSeconds(1), 0, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessageContaining("batch size");
        assertThatThrownBy(() -> new DispatcherSettings(Duration.ofSeconds(1), 1, Duration.ofSeconds(3), Duration.ofSeconds(2)))
                .hasMessageContaining("maximum");
    }
}
