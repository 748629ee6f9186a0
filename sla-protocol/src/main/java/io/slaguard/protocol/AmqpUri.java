package io.slaguard.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An AMQP URI read the way the original Go client read it, so the URIs of the original configuration connect
 * unchanged: no path or a bare {@code /} is the default vhost {@code /} (the Java client would take the empty
 * vhost, which no broker has); otherwise the path without its leading {@code /}, percent-decoded
 * ({@code /%2F} is {@code /}, {@code /x} is {@code x}). User and password are percent-decoded; {@code amqps} means
 * TLS on port 5671 by default. Query parameters {@code heartbeat} (seconds), {@code connection_timeout}
 * (milliseconds) and {@code channel_max} are honoured; any other is refused rather than silently ignored.
 * {@link #toString()} is the masked rendering, safe for logs.
 *
 * @param tls               {@code amqps}
 * @param host              broker host ({@code localhost} when the URI names none)
 * @param port              broker port
 * @param username          null when the URI has no user info (the client's default then applies)
 * @param password          null when the user info has none
 * @param virtualHost       the vhost, never empty
 * @param heartbeatSeconds  requested heartbeat, or null
 * @param connectionTimeoutMillis TCP connection timeout, or null
 * @param channelMax        requested channel limit, or null
 */
public record AmqpUri(boolean tls, String host, int port, String username, String password, String virtualHost,
                      Integer heartbeatSeconds, Integer connectionTimeoutMillis, Integer channelMax) {
    public static final String DEFAULT_VHOST = "/";
    public static final int DEFAULT_PORT = 5672;
    public static final int DEFAULT_TLS_PORT = 5671;
    private static final String EXAMPLE = "amqp://user:password@host:5672/";
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /**
     * @throws IllegalArgumentException saying what is wrong, with the password masked
     */
    public static AmqpUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("AMQP URI is missing (expected e.g. " + EXAMPLE + ")");
        }
        String uri = text.strip();
        if (uri.chars().anyMatch(Character::isWhitespace)) {
            // not quoted: a space may sit in the password, where masking would not find it
            throw new IllegalArgumentException("AMQP URI must not contain spaces (escape them as %20)");
        }
        int schemeEnd = uri.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
            throw invalid(uri, "must start with amqp:// or amqps://");
        }
        boolean tls = scheme.equals("amqps");
        String rest = uri.substring(schemeEnd + 3);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        String query = null;
        int queryStart = rest.indexOf('?');
        if (queryStart >= 0) {
            query = rest.substring(queryStart + 1);
            rest = rest.substring(0, queryStart);
        }
        int pathStart = rest.indexOf('/');
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String path = pathStart < 0 ? "" : rest.substring(pathStart);

        String username = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            username = decode(uri, colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(uri, userInfo.substring(colon + 1));
        }

        String host;
        String portText;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(uri, "has an IPv6 host without its closing ]");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw invalid(uri, "has text after the IPv6 host");
            }
            portText = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            host = decode(uri, colon < 0 ? authority : authority.substring(0, colon));
            portText = colon < 0 ? "" : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        int port = portText.isEmpty() ? (tls ? DEFAULT_TLS_PORT : DEFAULT_PORT) : number(uri, "port", portText, 1, 65_535);

        // the Go client's rule: the decoded path minus its leading slash, and "/" when that leaves nothing
        String decodedPath = decode(uri, path);
        String vhost = decodedPath.length() > 1 ? decodedPath.substring(1) : DEFAULT_VHOST;

        Integer heartbeat = null;
        Integer connectionTimeout = null;
        Integer channelMax = null;
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(uri, eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(uri, pair.substring(eq + 1));
                switch (name) {
                    case "heartbeat" -> heartbeat = number(uri, name, value, 0, 65_535);
                    case "connection_timeout" -> connectionTimeout = number(uri, name, value, 0, Integer.MAX_VALUE);
                    case "channel_max" -> channelMax = number(uri, name, value, 0, 65_535);
                    default -> throw invalid(uri, "has the query parameter '" + name
                            + "', which is not supported (heartbeat, connection_timeout, channel_max are)");
                }
            }
        }
        return new AmqpUri(tls, host, port, username, password, vhost, heartbeat, connectionTimeout, channelMax);
    }

    /** The URI with the password replaced by {@link PasswordMask#MASK} and the vhost spelled out ({@code /} as {@code %2F}). */
    public String masked() {
        StringBuilder out = new StringBuilder(tls ? "amqps://" : "amqp://");
        if (username != null) {
            out.append(encode(username));
            if (password != null) {
                out.append(':').append(PasswordMask.MASK);
            }
            out.append('@');
        }
        out.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port)
                .append('/').append(encode(virtualHost));
        StringBuilder query = new StringBuilder();
        appendParameter(query, "heartbeat", heartbeatSeconds);
        appendParameter(query, "connection_timeout", connectionTimeoutMillis);
        appendParameter(query, "channel_max", channelMax);
        return out.append(query).toString();
    }

    /** Masked: a record's own rendering would print the password. */
    @Override
    public String toString() {
        return masked();
    }

    private static void appendParameter(StringBuilder query, String name, Integer value) {
        if (value != null) {
            query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(value);
        }
    }

    private static int number(String uri, String what, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(uri, "has " + what + " '" + text + "'; expected a whole number from " + min + " to " + max);
    }

    /** Percent-decoding as Go's url package does it for user info and path: {@code +} stays {@code +}. */
    private static String decode(String uri, String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                throw invalid(uri, "has a malformed percent escape (a % must be followed by two hex digits)");
            }
            bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0 && UNRESERVED.indexOf(b) >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static IllegalArgumentException invalid(String uri, String problem) {
        return new IllegalArgumentException("AMQP URI " + PasswordMask.mask(uri) + " " + problem + " (expected e.g. "
                + EXAMPLE + ")");
    }
}
