package io.slaguard.manager.logging;

/**
 * Text that came from outside (guarantee names, label values, error messages echoing them) made safe for one log
 * line: control and line-separator characters are written as escapes, so nobody can forge a line, and long values
 * are cut, so nobody can flood the log through one field.
 */
public final class LogText {
    /** Characters of one value kept in a log line; the rest is counted, not written. */
    public static final int MAX_CHARS = 512;

    private LogText() {
    }

    public static String escape(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        int kept = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(kept + 16);
        for (int i = 0; i < kept; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > kept) {
            out.append("…(").append(text.length() - kept).append(" more chars)");
        }
        return out.toString();
    }
}
