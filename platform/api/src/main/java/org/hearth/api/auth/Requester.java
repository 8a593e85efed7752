package org.hearth.api.auth;

import java.util.Optional;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.UserId;

/**
 * The authenticated user and device behind a request.
 *
 * @param deviceId      the device of the access token; null for an application service acting
 *                      without a device
 * @param guest         a guest account (Client-Server API, "Guest Access")
 * @param appServiceId  the application service whose token was used, or null
 * @param accessTokenId the access token used, so that {@code /logout} can revoke exactly it
 *                      (0 for an application service)
 * @param suspended     the account is suspended ({@link UserAdmin#setSuspended}); since 0.3.0
 */
public record Requester(UserId userId, DeviceId deviceId, boolean admin, boolean guest, String appServiceId,
                        long accessTokenId, boolean suspended) {

    /** A requester whose account is not suspended. */
    public Requester(UserId userId, DeviceId deviceId, boolean admin, boolean guest, String appServiceId,
                     long accessTokenId) {
        this(userId, deviceId, admin, guest, appServiceId, accessTokenId, false);
    }

    /** An ordinary user's session. */
    public static Requester user(UserId userId, DeviceId deviceId, boolean admin, long accessTokenId) {
        return new Requester(userId, deviceId, admin, false, null, accessTokenId);
    }

    public Optional<DeviceId> device() {
        return Optional.ofNullable(deviceId);
    }
}
