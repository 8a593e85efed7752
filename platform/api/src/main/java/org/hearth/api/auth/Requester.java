package org.hearth.api.auth;

import org.hearth.api.id.UserId;

/**
 * The authenticated user and device behind a request.
 *
 * @param accessTokenId the access token used, so that {@code /logout} can revoke exactly it
 */
public record Requester(UserId userId, String deviceId, boolean admin, long accessTokenId) {
}
