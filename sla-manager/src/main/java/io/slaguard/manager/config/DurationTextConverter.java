package io.slaguard.manager.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import io.slaguard.protocol.Durations;

/** Binds durations as operators write them ({@code 10s}, {@code 1.5m}, bare seconds), not Spring's milliseconds. */
@Component
@ConfigurationPropertiesBinding
public class DurationTextConverter implements Converter<String, Duration> {
    @Override
    public Duration convert(String source) {
        return Durations.parse(source);
    }
}
