package org.hearth.api.spi.storage;

import org.hearth.api.id.UserId;

/**
 * A device (a login session) of a user.
 *
 * @param displayName the name the user gave it, or null
 * @param lastSeenAt  ms since the epoch, or null when never seen after login
 * @param lastSeenIp  address of the last request, or null
 * @param lastSeenUserAgent the {@code User-Agent} of the last request, or null; since 0.18.0
 */
public record Device(UserId userId, String deviceId, String displayName, Long lastSeenAt, String lastSeenIp,
                     String lastSeenUserAgent) {

    /** A device whose last request's user agent is not known. */
    public Device(UserId userId, String deviceId, String displayName, Long lastSeenAt, String lastSeenIp) {
        this(userId, deviceId, displayName, lastSeenAt, lastSeenIp, null);
    }
}
