package io.slaguard.manager.notify;

import java.time.Duration;

/** Validation shared by the notification settings: a bad value is refused with its name. */
final class SettingsChecks {
    private SettingsChecks() {
    }

    static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " name is missing");
        }
    }

    static void requirePositive(Duration value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }
}
