package io.slaguard.profiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProfilerConfigTest {

    @Test
    void defaultsAreTheLithopsInterval() {
        ProfilerConfig config = ProfilerConfig.defaults("http://127.0.0.1:9091");
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.queueCapacity()).isPositive();
        assertThat(config.maxBackoff()).isPositive();
    }

    @Test
    void intervalDownToTwoHundredMilliseconds() {
        assertThat(ProfilerConfig.defaults("http://pg:9091").withInterval(Duration.ofMillis(200)).interval())
                .isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> ProfilerConfig.defaults("http://pg:9091").withInterval(Duration.ofMillis(199)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 200 ms");
    }

    @Test
    void rejectsBadValuesWithAClearMessage() {
        assertThatThrownBy(() -> ProfilerConfig.defaults(null)).hasMessageContaining("Pushgateway URL is missing");
        assertThatThrownBy(() -> ProfilerConfig.defaults("ftp://pg:9091")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> ProfilerConfig.defaults("pg:9091")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProfilerConfig(Duration.ofSeconds(1), "http://pg:9091", 0, Duration.ofSeconds(1)))
                .hasMessageContaining("queue capacity");
        assertThatThrownBy(() -> new ProfilerConfig(Duration.ofSeconds(1), "http://pg:9091", 1, Duration.ZERO))
                .hasMessageContaining("max backoff");
    }

    @Test
    void splitsTheUrlForTheClientAndNeverShowsThePassword() {
        ProfilerConfig config = ProfilerConfig.defaults("https://bob:s3cret@pg.example:9443/gateway/");
        ProfilerConfig.PushgatewayAddress address = config.pushgateway();
        assertThat(address.scheme()).isEqualTo("https");
        assertThat(address.address()).isEqualTo("pg.example:9443/gateway");
        assertThat(address.user()).isEqualTo("bob");
        assertThat(address.password()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret").contains("bob:****@pg.example:9443/gateway");
        assertThat(address.toString()).doesNotContain("s3cret");
    }
}
