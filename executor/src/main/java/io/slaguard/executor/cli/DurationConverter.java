package io.slaguard.executor.cli;

import java.time.Duration;

import io.slaguard.protocol.Durations;
import picocli.CommandLine.ITypeConverter;

/** Durations on the command line, in the same forms the manager reads ({@code 200ms}, {@code 1.5m}, seconds). */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value);
    }
}
