package org.hearth.api.event;

/** An {@link EventPolicy}'s answer. */
public sealed interface Verdict permits Verdict.Allow, Verdict.Deny {

    /** No objection. */
    record Allow() implements Verdict {}

    /**
     * Refused; the client gets the status and errcode (usually 403 {@code M_FORBIDDEN}) and the reason.
     */
    record Deny(int status, String errcode, String reason) implements Verdict {}

    Verdict ALLOW = new Allow();

    static Verdict deny(String reason) {
        return new Deny(403, "M_FORBIDDEN", reason);
    }
}
