package io.slaguard.manager.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock of the manager (ticks, creation times, outbox retries). */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
