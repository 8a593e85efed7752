package org.hearth.http.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.ClientJson;
import org.hearth.api.id.ServerName;
import org.hearth.api.http.RouteRequest;

/**
 * A {@link RouteRequest} over a servlet request whose body has already been read, or, for a
 * streaming route ({@code body == null}), is left on the connection for the route.
 */
final class ServletRouteRequest implements RouteRequest {
    private final HttpServletRequest request;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final byte[] body;
    private final ObjectMapper json;
    private AccessCheck.Caller caller = AccessCheck.Caller.NOBODY;
    private JsonNode parsed;
    private boolean streamTaken;

    /**
     * @param params the path's placeholders, decoded
     * @param query  the query string's parameters, decoded ({@link PercentDecoding#query}); the
     *               container's own parameters are never read, as they would mix in a form body
     */
    ServletRouteRequest(HttpServletRequest request, Map<String, String> params, Map<String, List<String>> query,
                        byte[] body, ObjectMapper json) {
        this.request = request;
        this.params = params;
        this.query = query;
        this.body = body;
        this.json = json;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return request.getRequestURI();
    }

    @Override
    public String pathParam(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route's template has no placeholder {" + name + "}");
        }
        return value;
    }

    @Override
    public Optional<String> optionalPathParam(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** Records who the front door found calling, before the route runs. */
    void authenticated(AccessCheck.Caller caller) {
        this.caller = caller;
    }

    @Override
    public Requester requester() {
        if (caller.requester() == null) {
            throw new IllegalStateException("this route's access has no requester: use optionalRequester()");
        }
        return caller.requester();
    }

    @Override
    public Optional<Requester> optionalRequester() {
        return Optional.ofNullable(caller.requester());
    }

    @Override
    public Optional<ServerName> origin() {
        return Optional.ofNullable(caller.origin());
    }

    @Override
    public Optional<String> queryParam(String name) {
        return queryParams(name).stream().findFirst();
    }

    @Override
    public List<String> queryParams(String name) {
        return query.getOrDefault(name, List.of());
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    @Override
    public Optional<String> accessToken() {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim());
        }
        return queryParam("access_token");
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public byte[] body() {
        return readBody().clone();
    }

    private byte[] readBody() {
        if (body == null) {
            throw new IllegalStateException("this route streams its body: use bodyStream(maxBytes)");
        }
        return body;
    }

    @Override
    public InputStream bodyStream(long maxBytes) throws MatrixException {
        if (body != null) {
            if (body.length > maxBytes) {
                throw DispatcherServlet.tooLarge(maxBytes);
            }
            return new ByteArrayInputStream(body);
        }
        if (streamTaken) {
            throw new IllegalStateException("the body stream was already taken");
        }
        if (request.getContentLengthLong() > maxBytes) {
            throw DispatcherServlet.tooLarge(maxBytes);
        }
        streamTaken = true;
        try {
            return new StreamedBody(request.getInputStream(), maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@inheritDoc} Parsed once, by {@link ClientJson}'s rules. */
    @Override
    public JsonNode json() throws MatrixException {
        if (parsed == null) {
            parsed = ClientJson.parse(readBody());
        }
        return parsed;
    }

    @Override
    public <T> T json(Class<T> type) throws MatrixException {
        JsonNode tree = json();
        try {
            return json.treeToValue(tree, type);
        } catch (MismatchedInputException | ValueInstantiationException e) {
            throw MatrixException.badJson(describe(e));
        } catch (JsonProcessingException e) {
            throw MatrixException.badJson("The request body does not have the expected shape");
        }
    }

    /** A message naming the offending field, without Jackson's internal class names. */
    private static String describe(JsonProcessingException e) {
        String field = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                ? m.getPathReference().replaceAll("^[^\\[]*", "")
                : "";
        String where = field.isEmpty() ? "" : " at " + field;
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            return "Invalid value" + where + ": " + v.getCause().getMessage();
        }
        return "The request body does not have the expected shape" + where;
    }
}
