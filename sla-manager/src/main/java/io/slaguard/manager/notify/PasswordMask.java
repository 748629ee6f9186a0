package io.slaguard.manager.notify;

import java.util.regex.Pattern;

/** Keeps passwords out of logs and stored errors: {@code amqp://user:secret@host} becomes {@code amqp://user:****@host}. */
public final class PasswordMask {
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*:)[^@\\s/]*@");

    private PasswordMask() {
    }

    /** {@code text} with the password of every URL in it replaced by {@code ****}. */
    public static String mask(String text) {
        return text == null ? null : USER_INFO_PASSWORD.matcher(text).replaceAll("$1****@");
    }
}
