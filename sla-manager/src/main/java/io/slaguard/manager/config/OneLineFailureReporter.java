package io.slaguard.manager.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;
import org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a failed start-up as one line: an operator reading a service log sees which key is wrong and nothing
 * else. Runs before Spring's own reporter and silences it, since reporters cannot be deregistered and a
 * configuration failure can come before the logging configuration is read.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OneLineFailureReporter implements FailureAnalysisReporter {
    private static final Logger log = LoggerFactory.getLogger("io.slaguard.manager.Startup");

    @Override
    public void report(FailureAnalysis analysis) {
        LoggingSystem.get(getClass().getClassLoader())
                .setLogLevel(LoggingFailureAnalysisReporter.class.getName(), LogLevel.OFF);
        log.error("sla-manager cannot start: {}", analysis.getDescription().strip().replaceAll("\\s*\\n\\s*", " "));
    }
}
