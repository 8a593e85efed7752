package org.hearth.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.osgi.annotation.versioning.ProviderType;

/** What a {@link Route} sees of a request. Provided by the HTTP front door. */
@ProviderType
public interface RouteRequest {

    /** GET, POST, PUT or DELETE. */
    String method();

    /** The request path, as sent (still percent-encoded). */
    String path();

    /** A placeholder of the route's path template, percent-decoded. */
    String pathParam(String name);

    /** The first value of a query parameter. */
    Optional<String> queryParam(String name);

    /** Every value of a query parameter, in order. */
    List<String> queryParams(String name);

    Optional<String> header(String name);

    /**
     * The access token: {@code Authorization: Bearer …}, else the deprecated
     * {@code access_token} query parameter (Client-Server API, "Using access tokens").
     */
    Optional<String> accessToken();

    /** The client's address, as seen by this server. */
    String remoteAddress();

    /** The raw body, already checked against the configured size limit. */
    byte[] body();

    /** The body as a JSON tree; {@code M_NOT_JSON} when it is not JSON. */
    JsonNode json() throws MatrixException;

    /**
     * The body bound to a type; {@code M_NOT_JSON} when it is not JSON, {@code M_BAD_JSON} when
     * its shape does not fit the type.
     */
    <T> T json(Class<T> type) throws MatrixException;
}
