package org.hearth.federation.internal.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.hearth.api.MatrixException;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federation listener's request handling: match the endpoint, read the body under the
 * limit, authenticate a signed request ({@link Authenticator}), run the endpoint on a worker
 * thread, send its {@link Answer} (JSON, or media streamed from its file) once it is ready. Every failure is a
 * Matrix error in JSON; an unexpected exception is a 500 {@code M_UNKNOWN} whose details stay in
 * the log.
 */
public final class Dispatcher implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** One line per answered request, as {@code hearth.access} has for the client API. */
    private static final Logger ACCESS = LoggerFactory.getLogger("hearth.federation.access");

    /** Checks a signed request; answers the origin server or throws 401/403. */
    @FunctionalInterface
    public interface Authenticator {
        ServerName authenticate(String method, String target, List<String> authorization, byte[] body)
                throws MatrixException;
    }

    /** The server that signed the request, for the access log. */
    private static final AttachmentKey<ServerName> ORIGIN = AttachmentKey.create(ServerName.class);

    private record Route(String method, String[] segments, Endpoint.Mount mount) {}

    private final List<Route> routes = new ArrayList<>();
    private final Authenticator authenticator;
    private final long maxBodyBytes;

    public Dispatcher(List<Endpoint.Mount> mounts, Authenticator authenticator, long maxBodyBytes) {
        for (Endpoint.Mount m : mounts) {
            routes.add(new Route(m.method(), m.template().substring(1).split("/", -1), m));
        }
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        exchange.startBlocking();
        long start = System.nanoTime();
        CompletableFuture<Answer> answer;
        try {
            answer = route(exchange).toCompletableFuture();
        } catch (MatrixException | RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer.isDone()) {
            finish(exchange, answer, start);
            return;
        }
        // the exchange stays open once this call returns; the answer is sent on a worker thread
        CompletableFuture<Answer> pending = answer;
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> pending.whenComplete((a, failure) ->
                exchange.dispatch(exchange.getConnection().getWorker(), () -> finish(exchange, pending, start))));
    }

    /** Sends the endpoint's answer or its error, and logs the request. */
    private void finish(HttpServerExchange exchange, CompletableFuture<Answer> answer, long start) {
        int status;
        try {
            status = send(exchange, answer.join());
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof MatrixException m) {
                status = send(exchange, m.status(), error(m));
            } else {
                LOG.error("Federation request {} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), cause);
                status = send(exchange, 500, error("M_UNKNOWN", "Internal server error"));
            }
        }
        if (ACCESS.isInfoEnabled()) {
            ServerName origin = exchange.getAttachment(ORIGIN);
            ACCESS.info("{} {} {} {} {}ms", origin != null ? origin : exchange.getSourceAddress().getHostString(),
                    exchange.getRequestMethod(), exchange.getRequestPath(), status,
                    String.format("%.1f", (System.nanoTime() - start) / 1e6));
        }
    }

    /** The endpoint's answer; the authenticated calling server is attached as {@link #ORIGIN} once known. */
    private CompletionStage<Answer> route(HttpServerExchange exchange) throws MatrixException {
        String method = exchange.getRequestMethod().toString();
        String rawPath = exchange.getRequestURI();
        int schemeEnd = rawPath.indexOf("://");
        if (schemeEnd >= 0) { // an absolute-form target: only its path counts
            int slash = rawPath.indexOf('/', schemeEnd + 3);
            rawPath = slash < 0 ? "/" : rawPath.substring(slash);
        }
        String rawQuery = exchange.getQueryString();
        String target = rawQuery == null || rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
        String[] segments = rawPath.substring(1).split("/", -1);
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> params = match(route.segments, segments);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (!route.method.equals(method)) {
                continue;
            }
            byte[] body = body(exchange);
            if (route.mount.signed()) {
                List<String> authorization = new ArrayList<>();
                var values = exchange.getRequestHeaders().get(Headers.AUTHORIZATION);
                if (values != null) {
                    authorization.addAll(values);
                }
                exchange.putAttachment(ORIGIN, authenticator.authenticate(method, target, authorization, body));
            }
            return route.mount.endpoint().handle(new Inbound(method, target, params, query(rawQuery), body,
                    exchange.getAttachment(ORIGIN)));
        }
        if (pathKnown) {
            throw MatrixException.unrecognized(405, "Method " + method + " not allowed here");
        }
        throw MatrixException.unrecognized(404, "Unrecognized request");
    }

    private static Map<String, String> match(String[] template, String[] segments) throws MatrixException {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), segments[i]);
            } else if (!t.equals(segments[i])) {
                return null;
            }
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            e.setValue(decode(e.getValue(), false));
        }
        return params;
    }

    private byte[] body(HttpServerExchange exchange) throws MatrixException {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBodyBytes) {
            throw MatrixException.tooLarge("The request body is larger than " + maxBodyBytes + " bytes");
        }
        try (InputStream in = exchange.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (out.size() + n > maxBodyBytes) {
                    throw MatrixException.tooLarge("The request body is larger than " + maxBodyBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new MatrixException(400, "M_UNKNOWN", "The request body could not be read");
        }
    }

    static Map<String, List<String>> query(String raw) throws MatrixException {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** Strict percent-decoding into UTF-8; '+' is a space only in a query. */
    static String decode(String raw, boolean plusIsSpace) throws MatrixException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw MatrixException.invalidParam("Malformed percent-encoding");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw MatrixException.invalidParam("Malformed percent-encoding");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            if (text.indexOf('\0') >= 0) {
                throw MatrixException.invalidParam("NUL in a parameter");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw MatrixException.invalidParam("A parameter is not UTF-8");
        }
    }

    static byte[] error(String errcode, String message) {
        return Json.bytes(Json.object().put("errcode", errcode).put("error", message == null ? "" : message));
    }

    /** The error with its extra fields (such as {@code room_version} of {@code M_INCOMPATIBLE_ROOM_VERSION}). */
    static byte[] error(MatrixException e) {
        var body = Json.object().put("errcode", e.errcode()).put("error", e.getMessage() == null ? "" : e.getMessage());
        e.extra().forEach((field, value) -> body.set(field, Json.MAPPER.valueToTree(value)));
        return Json.bytes(body);
    }

    /** Sends a 200 with the answer, then closes it; the status that went out. */
    private static int send(HttpServerExchange exchange, Answer answer) {
        try (answer) {
            exchange.setStatusCode(200);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, answer.contentType());
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, answer.length());
            answer.writeTo(exchange.getOutputStream());
        } catch (IOException e) {
            // the answer is started: the connection is closed short of its Content-Length
            LOG.debug("Federation response not sent in full: {}", e.toString());
        }
        exchange.endExchange();
        return 200;
    }

    /** Answers the status and body unless an answer was already started; the status that went out. */
    private static int send(HttpServerExchange exchange, int status, byte[] body) {
        if (exchange.isResponseStarted()) {
            return exchange.getStatusCode();
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        try {
            exchange.getOutputStream().write(body);
        } catch (IOException e) {
            LOG.debug("Federation response not sent: {}", e.toString());
        }
        exchange.endExchange();
        return status;
    }
}
