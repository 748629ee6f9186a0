package io.slaguard.manager.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Reports a failed start-up as one line (Spring's own reporter is silenced in application.yml): an operator
 * reading a service log sees which key is wrong and nothing else.
 */
public class OneLineFailureReporter implements FailureAnalysisReporter {
    private static final Logger log = LoggerFactory.getLogger("io.slaguard.manager.Startup");

    @Override
    public void report(FailureAnalysis analysis) {
        log.error("sla-manager cannot start: {}", analysis.getDescription().strip().replaceAll("\\s*\\n\\s*", " "));
    }
}
