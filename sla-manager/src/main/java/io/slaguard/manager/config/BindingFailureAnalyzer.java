package io.slaguard.manager.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

import io.slaguard.protocol.PasswordMask;

/** A value that does not even convert (a malformed duration, a word where a number goes), as one line. */
public class BindingFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (findCause(rootFailure, InvalidConfigurationException.class) != null) {
            return null;
        }
        Throwable innermost = cause;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        Object value = cause.getProperty() == null ? null : cause.getProperty().getValue();
        String line = "invalid configuration: " + cause.getName()
                + (value == null ? "" : " = '" + PasswordMask.mask(String.valueOf(value)) + "'") + ": "
                + innermost.getMessage();
        return new FailureAnalysis(line.replace('\n', ' '), "see docs/configuration.md", cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
