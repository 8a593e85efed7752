package org.hearth.api.auth;

import org.hearth.api.id.UserId;

/** An {@link Authenticator}'s answer. */
public sealed interface AuthResult permits AuthResult.Accepted, AuthResult.Rejected, AuthResult.NotMine {

    /**
     * The credentials are right. An account that does not exist yet is created, together with
     * its link to {@code externalId} when there is one (one transaction: the provider finds the
     * account again through {@link UserAdmin#findByExternalId}). Profile fields that are not null
     * are written at every login; {@code admin} non-null sets the admin flag.
     *
     * @param userId     the account to log in to (the authenticator may map the name it was given)
     * @param externalId the identity at the provider, or null
     */
    record Accepted(UserId userId, String displayName, String email, Boolean admin, ExternalId externalId)
            implements AuthResult {}

    /** This authenticator knows the user and the credentials are wrong: stop here, 403. */
    record Rejected() implements AuthResult {}

    /** This authenticator does not know the user: ask the next one. */
    record NotMine() implements AuthResult {}

    static AuthResult accepted(UserId userId) {
        return new Accepted(userId, null, null, null, null);
    }

    static AuthResult rejected() {
        return new Rejected();
    }

    static AuthResult notMine() {
        return new NotMine();
    }
}
