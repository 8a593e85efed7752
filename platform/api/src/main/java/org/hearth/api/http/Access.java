package org.hearth.api.http;

/**
 * Who may call a route, checked by the HTTP front door before the route runs (Client-Server API,
 * "Client Authentication"; Server-Server API, "Request Authentication"). The route then reads the
 * caller from {@link RouteRequest#requester()} or {@link RouteRequest#origin()}.
 */
public enum Access {
    /** Anyone; no access token is read (login, registration, {@code /versions}). */
    NONE,
    /** Anyone; an access token is checked when one is sent (public room directory, profiles). */
    OPTIONAL,
    /** A registered user (or an application service acting as one); guests get 403 {@code M_GUEST_ACCESS_FORBIDDEN}. */
    USER,
    /** A registered user or a guest (the endpoints the spec opens to guests). */
    GUEST,
    /** A server administrator; others get 403 {@code M_FORBIDDEN}. */
    ADMIN,
    /** An application service, by its {@code as_token} only (Application Service API). */
    APPSERVICE,
    /** Another homeserver, by its signed {@code Authorization: X-Matrix} header. */
    SERVER
}
