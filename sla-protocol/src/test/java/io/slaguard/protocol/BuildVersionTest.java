package io.slaguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildVersionTest {
    @Test
    void isTheVersionTheBuildWroteIn() {
        assertThat(BuildVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(BuildVersion.of("executor")).isEqualTo("executor " + BuildVersion.current());
    }
}
