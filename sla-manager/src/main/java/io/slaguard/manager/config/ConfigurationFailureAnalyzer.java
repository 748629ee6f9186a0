package io.slaguard.manager.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/** Turns a bad configuration value into the one line that names its key. */
public class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException>
        implements Ordered {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), "see docs/configuration.md", cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
