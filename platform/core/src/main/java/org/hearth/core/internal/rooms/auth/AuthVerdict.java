package org.hearth.core.internal.rooms.auth;

/**
 * The outcome of the authorisation rules for one event: allowed, or rejected with the reason
 * (Server-Server API, "Rejection"). A rejection always maps to {@code M_FORBIDDEN} for clients.
 */
public sealed interface AuthVerdict {
    Allow ALLOW = new Allow();

    boolean allowed();

    static AuthVerdict deny(String reason) {
        return new Deny(reason);
    }

    /** The event passes the rules. */
    record Allow() implements AuthVerdict {
        @Override
        public boolean allowed() {
            return true;
        }
    }

    /** The event is rejected; {@code reason} names the rule it failed. */
    record Deny(String reason) implements AuthVerdict {
        @Override
        public boolean allowed() {
            return false;
        }
    }
}
