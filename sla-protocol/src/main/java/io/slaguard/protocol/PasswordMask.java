package io.slaguard.protocol;

import java.util.regex.Pattern;

/**
 * Keeps passwords out of logs and stored errors: {@code amqp://user:secret@host} becomes
 * {@code amqp://user:****@host}, wherever URLs appear in a text.
 */
public final class PasswordMask {
    /** What stands for a password. */
    public static final String MASK = "****";
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*:)[^@\\s/]*@");

    private PasswordMask() {
    }

    /** {@code text} with the password of every URL in it replaced by {@link #MASK}. */
    public static String mask(String text) {
        return text == null ? null : USER_INFO_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
    }
}
