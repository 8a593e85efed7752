package org.hearth.api.auth;

import org.hearth.api.id.DeviceId;

/**
 * A device (a login session) of a user.
 *
 * @param displayName the name the user gave it, or null
 * @param lastSeenAt  ms since the epoch, or null when never seen after login
 * @param lastSeenIp  address of the last request, or null
 * @param lastSeenUserAgent the {@code User-Agent} of the last request, or null; since 0.3.0
 */
public record DeviceInfo(DeviceId deviceId, String displayName, Long lastSeenAt, String lastSeenIp,
                         String lastSeenUserAgent) {

    /** A device whose last request's user agent is not known. */
    public DeviceInfo(DeviceId deviceId, String displayName, Long lastSeenAt, String lastSeenIp) {
        this(deviceId, displayName, lastSeenAt, lastSeenIp, null);
    }
}
