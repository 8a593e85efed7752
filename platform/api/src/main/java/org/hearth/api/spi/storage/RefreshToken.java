package org.hearth.api.spi.storage;

import org.hearth.api.id.UserId;

/**
 * A refresh token.
 *
 * @param nextId the refresh token issued when this one was used, or null when unused
 */
public record RefreshToken(long id, UserId userId, String deviceId, Long nextId) {
}
