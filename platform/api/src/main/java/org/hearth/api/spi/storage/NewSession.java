package org.hearth.api.spi.storage;

import org.hearth.api.id.UserId;

/**
 * What a successful login or registration stores: the device (created, or kept when it exists)
 * and a new access token, optionally with a refresh token.
 *
 * @param accessTokenHash    SHA-256 of the access token (tokens are never stored in clear)
 * @param accessExpiresAt    ms since the epoch, or null for a token that does not expire
 * @param refreshTokenHash   SHA-256 of the refresh token, or null when the client did not ask for one
 * @param deviceDisplayName  initial device name, or null; ignored when the device exists
 */
public record NewSession(UserId userId, String deviceId, String deviceDisplayName, byte[] accessTokenHash,
                         Long accessExpiresAt, byte[] refreshTokenHash, String ip, long now) {
}
