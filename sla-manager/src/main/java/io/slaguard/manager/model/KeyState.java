package io.slaguard.manager.model;

import java.time.Instant;

/**
 * Per (agreement, guarantee, key) memory of the loop: since when the key has been violating without a break
 * ({@code for}), and when it last fired (transient time). Persisted so a restart neither re-fires nor forgets.
 */
public record KeyState(String agreementId, String guarantee, String key, Instant violatingSince, Instant lastFired) {
}
