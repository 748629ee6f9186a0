package io.slaguard.manager.api;

import java.util.Optional;

/**
 * What an agreement, template or provider id may be: what the original accepted (any printable text, spaces
 * included) that can still be addressed as one path segment and stored. Refused: a slash or backslash (a path
 * separator, and Tomcat refuses them encoded), {@code .} and {@code ..} (normalised away from a path), control
 * and line-separator characters, lone surrogates (not text: UTF-8 cannot carry them to the store or into a URL),
 * and more characters than the id columns hold.
 */
final class EntityIds {
    /** Width of every id column. */
    static final int MAX_LENGTH = 255;
    /** Width of every name column. */
    static final int MAX_NAME_LENGTH = 1024;

    private EntityIds() {
    }

    /** Why {@code id} cannot be an id, or empty if it can; {@code field} names it in the message. */
    static Optional<String> problem(String field, String id) {
        if (id == null || id.isBlank()) {
            return Optional.of(field + " is empty");
        }
        if (id.length() > MAX_LENGTH) {
            return Optional.of(field + " is " + id.length() + " characters long; at most " + MAX_LENGTH);
        }
        if (id.equals(".") || id.equals("..")) {
            return Optional.of(field + " '" + id + "' cannot be addressed in a path");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of(field + " must not contain '" + c + "'");
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return Optional.of(field + " must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at " + i + ")");
            }
            if (Character.isSurrogate(c) && !pairedSurrogate(id, i)) {
                return Optional.of(field + " is not valid Unicode text (a lone surrogate at " + i + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean pairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    /** Why a name (agreement, provider) cannot be stored, or empty: it must not be blank and must fit its column. */
    static Optional<String> nameProblem(String field, String name, int maxLength) {
        if (name == null || name.isBlank()) {
            return Optional.of(field + " is empty");
        }
        if (name.length() > maxLength) {
            return Optional.of(field + " is " + name.length() + " characters long; at most " + maxLength);
        }
        return Optional.empty();
    }
}
