package io.slaguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheInitialPauseUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(backoff.delay(0)).isZero();
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void longOutagesStayAtTheCapWithoutOverflow() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
        assertThat(backoff.delay(63)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aCapBelowTheDefaultInitialPauseIsUsedFromTheStart() {
        Backoff backoff = Backoff.upTo(Duration.ofMillis(100));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofMillis(100));
        assertThat(Backoff.upTo(Duration.ofSeconds(30)).delay(1)).isEqualTo(Backoff.DEFAULT_INITIAL);
    }

    @Test
    void rejectsACapBelowTheInitialPause() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
    }
}
