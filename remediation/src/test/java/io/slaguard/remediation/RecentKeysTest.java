package io.slaguard.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentKeysTest {

    @Test
    void forgetsTheLeastRecentlySeenKeyBeyondCapacity() {
        RecentKeys<String> keys = new RecentKeys<>(2);
        assertThat(keys.add("a")).isTrue();
        assertThat(keys.add("b")).isTrue();
        assertThat(keys.contains("a")).isTrue(); // "a" is now the most recently seen

        assertThat(keys.add("c")).isTrue();

        assertThat(keys.contains("b")).isFalse();
        assertThat(keys.contains("a")).isTrue();
        assertThat(keys.add("c")).isFalse();
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void refusesAZeroCapacity() {
        assertThatThrownBy(() -> new RecentKeys<String>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
