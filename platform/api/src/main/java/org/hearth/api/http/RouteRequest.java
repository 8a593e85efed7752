package org.hearth.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ProviderType;

/** What a {@link Route} sees of a request. Provided by the HTTP front door. */
@ProviderType
public interface RouteRequest {
    /** GET, POST, PUT or DELETE. */
    String method();

    /** The request path, as sent (still percent-encoded). */
    String path();

    /**
     * A placeholder of the route's path template, percent-decoded. The front door has refused
     * values that are not UTF-8 or hold NUL (400 {@code M_INVALID_PARAM}).
     */
    String pathParam(String name);

    /** A placeholder that only some of the route's templates have; empty when the matched one has not. */
    Optional<String> optionalPathParam(String name);

    /** A placeholder holding a room ID; 400 {@code M_INVALID_PARAM} when it is not one. */
    default RoomId roomId(String name) throws MatrixException {
        String text = pathParam(name);
        return RoomId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid room ID " + text));
    }

    /** A placeholder holding an event ID; 400 {@code M_INVALID_PARAM} when it is not one. */
    default EventId eventId(String name) throws MatrixException {
        String text = pathParam(name);
        return EventId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid event ID " + text));
    }

    /** A placeholder holding a user ID; 400 {@code M_INVALID_PARAM} when it is not one. */
    default UserId userId(String name) throws MatrixException {
        String text = pathParam(name);
        return UserId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + text));
    }

    /** A placeholder holding a device ID; 400 {@code M_INVALID_PARAM} when it is not one. */
    default DeviceId deviceId(String name) throws MatrixException {
        String text = pathParam(name);
        return DeviceId.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid device ID " + text));
    }

    /** The first value of a query parameter (never holding NUL: the front door refused those). */
    Optional<String> queryParam(String name);

    /** Every value of a query parameter, in order. */
    List<String> queryParams(String name);

    Optional<String> header(String name);

    /**
     * The access token: {@code Authorization: Bearer …}, else the deprecated
     * {@code access_token} query parameter (Client-Server API, "Using access tokens").
     */
    Optional<String> accessToken();

    /**
     * The authenticated caller of a route whose {@link Access} is {@code USER}, {@code GUEST},
     * {@code ADMIN} or {@code APPSERVICE} (the front door checked it before the route ran).
     *
     * @throws IllegalStateException for a route of another access, which has no requester
     */
    Requester requester();

    /** The caller of an {@link Access#OPTIONAL} route that sent a valid token; empty when it sent none. */
    Optional<Requester> optionalRequester();

    /** The server that signed a request to an {@link Access#SERVER} route. */
    Optional<ServerName> origin();

    /** The client's address, as seen by this server. */
    String remoteAddress();

    /**
     * The raw body, already checked against the configured size limit.
     *
     * @throws IllegalStateException for a route declared with {@link MatrixRoute#streamBody}
     */
    byte[] body();

    /**
     * The body as a stream of at most {@code maxBytes} bytes: 413 {@code M_TOO_LARGE} at once when
     * the declared {@code Content-Length} is larger; a body that turns out larger fails the read
     * with a {@link BodyTooLargeException} once {@code maxBytes} have been read. A route declared
     * with {@link MatrixRoute#streamBody} reads the connection itself (once); for any other route
     * this streams {@link #body()}.
     */
    default InputStream bodyStream(long maxBytes) throws MatrixException {
        byte[] body = body();
        if (body.length > maxBytes) {
            throw MatrixException.tooLarge("The request body is larger than " + maxBytes + " bytes");
        }
        return new ByteArrayInputStream(body);
    }

    /**
     * The body as a JSON tree; {@code M_NOT_JSON} when it is not JSON, {@code M_BAD_JSON} when it
     * breaks the limits every Matrix body must keep (nesting depth, numbers canonical JSON can
     * carry, valid Unicode).
     */
    JsonNode json() throws MatrixException;

    /**
     * The body bound to a type; {@code M_NOT_JSON} when it is not JSON, {@code M_BAD_JSON} when
     * its shape does not fit the type.
     */
    <T> T json(Class<T> type) throws MatrixException;
}
