package io.slaguard.executor.api;

import java.net.URI;

/**
 * Remediation of this executor's calls: the violations consumer's broker and the cap on attempts per call.
 *
 * @param rabbitUri   AMQP URI of the broker the manager publishes violations to (may carry credentials)
 * @param maxAttempts attempts per call, the first included (2 = at most one backup)
 */
public record RemediationOptions(URI rabbitUri, int maxAttempts) {
    public static final int DEFAULT_MAX_ATTEMPTS = 2;

    public RemediationOptions {
        if (rabbitUri == null || !("amqp".equals(rabbitUri.getScheme()) || "amqps".equals(rabbitUri.getScheme()))) {
            throw new IllegalArgumentException("RabbitMQ URI must be amqp:// or amqps://");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
    }

    /** The URI with any password masked, for logs. */
    public String maskedUri() {
        return maskPassword(rabbitUri);
    }

    public static String maskPassword(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || !userInfo.contains(":")) {
            return uri.toString();
        }
        return uri.toString().replace(userInfo, userInfo.substring(0, userInfo.indexOf(':')) + ":****");
    }

    @Override
    public String toString() {
        return "RemediationOptions[rabbitUri=" + maskedUri() + ", maxAttempts=" + maxAttempts + "]";
    }
}
