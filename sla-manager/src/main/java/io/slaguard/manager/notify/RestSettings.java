package io.slaguard.manager.notify;

import java.net.URI;
import java.time.Duration;

import io.slaguard.protocol.PasswordMask;

/**
 * Settings of the REST channel.
 *
 * @param url     where each violation message is POSTed ({@code notificationUrl})
 * @param timeout bound on one whole request (connect, send, answer)
 */
public record RestSettings(String url, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RestSettings {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("notification URL is missing");
        }
        String scheme;
        try {
            scheme = URI.create(url).getScheme();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad notification URL " + PasswordMask.mask(url));
        }
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("notification URL must be http(s): " + PasswordMask.mask(url));
        }
        SettingsChecks.requirePositive(timeout, "notification timeout");
    }

    public static RestSettings defaults(String url) {
        return new RestSettings(url, DEFAULT_TIMEOUT);
    }

    @Override
    public String toString() {
        return "RestSettings[url=" + PasswordMask.mask(url) + ", timeout=" + timeout + "]";
    }
}
