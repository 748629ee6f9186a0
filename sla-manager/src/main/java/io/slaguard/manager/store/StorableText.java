package io.slaguard.manager.store;

import java.util.Optional;

/**
 * What the store can hold of a label value (a violation's key or resource): any length up to the largest
 * unbounded text column of the supported databases (H2's), and no NUL character (PostgreSQL refuses it).
 */
public final class StorableText {
    /** H2's largest {@code VARCHAR}; PostgreSQL has no smaller limit. */
    public static final int MAX_CHARS = 1_000_000;

    private StorableText() {
    }

    /** Why the value cannot be stored, or empty if it can (null can: it is stored as absent). */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > MAX_CHARS) {
            return Optional.of(value.length() + " characters long; the store holds at most " + MAX_CHARS);
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of("contains a NUL character");
        }
        return Optional.empty();
    }
}
