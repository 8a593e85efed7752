package org.hearth.api.auth;

import org.hearth.api.id.DeviceId;

/**
 * A device (a login session) of a user.
 *
 * @param displayName the name the user gave it, or null
 * @param lastSeenAt  ms since the epoch, or null when never seen after login
 * @param lastSeenIp  address of the last request, or null
 */
public record DeviceInfo(DeviceId deviceId, String displayName, Long lastSeenAt, String lastSeenIp) {
}
