package io.slaguard.manager.config;

import org.springframework.boot.ExitCodeGenerator;

import io.slaguard.protocol.PasswordMask;

/** A configuration value that the manager cannot run with. Stops start-up with one line naming the key. */
public class InvalidConfigurationException extends RuntimeException implements ExitCodeGenerator {
    /** Exit status of a start-up refused for bad configuration. */
    public static final int EXIT_CODE = 2;

    private final String key;

    public InvalidConfigurationException(String key, Object value, String problem) {
        super("invalid configuration: " + key + (value == null ? "" : " = '" + PasswordMask.mask(String.valueOf(value)) + "'")
                + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    @Override
    public int getExitCode() {
        return EXIT_CODE;
    }
}
