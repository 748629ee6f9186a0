package io.slaguard.manager.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code sla.*} duration that is bound as operators write it ({@code 10s}, {@code 1.5m}, bare seconds).
 * Durations without it, Spring's own included, keep Spring's reading (a bare number is milliseconds).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD})
public @interface DurationText {
}
