package io.slaguard.manager.config;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;
import org.springframework.stereotype.Component;

import io.slaguard.protocol.Durations;

/**
 * Binds the {@link DurationText} durations as operators write them ({@code 10s}, {@code 1.5m}, bare seconds).
 * Only those: a converter for every duration would read Spring's {@code spring.mvc.async.request-timeout=30000}
 * as 30,000 seconds.
 */
@Component
@ConfigurationPropertiesBinding
public class DurationTextConverter implements ConditionalGenericConverter {
    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return Set.of(new ConvertiblePair(String.class, Duration.class));
    }

    @Override
    public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
        return targetType.hasAnnotation(DurationText.class);
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        return source == null ? null : Durations.parse((String) source);
    }
}
