package org.hearth.api.spi.storage;

import org.hearth.api.id.UserId;

/**
 * What an access token stands for.
 *
 * @param accessTokenId  the token's row, to log it out
 * @param expiresAt      ms since the epoch, or null when it does not expire
 * @param refreshTokenId the refresh token issued with it, or null
 * @param used           whether the token has been used since it was issued (see
 *                       {@link DeviceStore#markUsed})
 */
public record Session(long accessTokenId, UserId userId, String deviceId, Long expiresAt, Long refreshTokenId,
                      boolean used) {
}
