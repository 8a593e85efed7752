package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Devices and the access and refresh tokens bound to them (Client-Server API, "Relationship
 * between access tokens and devices"). Deleting a device deletes its tokens.
 *
 * <p>Creating a device, renaming it and deleting it each record a device-list change of the user,
 * seen by everyone who shares a room with them ({@link DeviceListStore}), in the same
 * transaction. Deleting a device also deletes what belongs to it: its keys
 * ({@link DeviceKeyStore}, {@link OneTimeKeyStore}), the signatures over them and its waiting
 * to-device messages ({@link ToDeviceStore}).
 *
 * <p>Refresh rotation follows "Refreshing access tokens": the old refresh token stays valid
 * until the new access token or the new refresh token is used, then it is revoked with the
 * access token issued beside it.
 */
@ConsumerType
public interface DeviceStore {

    /** Creates the device when it does not exist, and stores the session's tokens. */
    void createSession(NewSession session);

    Optional<Session> findByAccessToken(byte[] accessTokenHash);

    /**
     * Records the first use of an access token issued by a refresh: revokes the refresh token
     * that was exchanged for it (the one whose {@code nextId} is the session's refresh token),
     * with that token's access token.
     */
    void markUsed(Session session);

    Optional<RefreshToken> findRefreshToken(byte[] refreshTokenHash);

    /**
     * Exchanges a refresh token for a new pair, in one transaction: revokes the refresh token
     * that {@code old} itself replaced (and its access token); revokes the successor {@code old}
     * was already exchanged for, if that was never used; stores the new pair and points
     * {@code old.nextId} at the new refresh token.
     */
    void rotate(RefreshToken old, byte[] newAccessTokenHash, Long newAccessExpiresAt, byte[] newRefreshTokenHash,
                long now);

    /** Deletes one access token and the refresh token issued with it (not the device). */
    void deleteAccessToken(long accessTokenId);

    List<Device> devices(UserId userId);

    Optional<Device> device(UserId userId, String deviceId);

    void renameDevice(UserId userId, String deviceId, String displayName);

    /** Deletes the devices and all their tokens; unknown device IDs are ignored. */
    void deleteDevices(UserId userId, Collection<String> deviceIds);

    /** Records the last time and address a device was seen. */
    void touch(UserId userId, String deviceId, long at, String ip);

    /**
     * A device seen at a time ({@code at}, ms since the epoch) from an address ({@code ip}, or
     * null) with a {@code User-Agent} ({@code userAgent}, or null; since 0.18.0).
     */
    record Seen(UserId userId, String deviceId, long at, String ip, String userAgent) {
        public Seen(UserId userId, String deviceId, long at, String ip) {
            this(userId, deviceId, at, ip, null);
        }
    }

    /**
     * Records the last time and address each device was seen, in one write; a device no longer
     * there is skipped. Requests are seen in batches, off their own path (a write per request
     * would queue every request behind the database's writers).
     */
    default void touch(Collection<Seen> seen) {
        seen.forEach(s -> touch(s.userId(), s.deviceId(), s.at(), s.ip()));
    }
}
