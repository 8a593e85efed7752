package org.hearth.federation.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.ServerIdentity;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.MediaContent;
import org.hearth.api.media.ThumbnailSpec;
import org.hearth.federation.internal.ServerPolicy;
import org.hearth.federation.internal.auth.XMatrix;
import org.hearth.federation.internal.json.Json;

/**
 * Signed requests to other servers: discovery ({@link ServerResolver}), the {@code X-Matrix}
 * header signed by core's key ({@link ServerIdentity}), the exchange ({@link WireClient}) and
 * the answer read as bounded JSON. Refuses this server itself and servers the policy denies.
 */
public final class FederationClient {
    private final ServerIdentity identity;
    private final ServerPolicy policy;
    private final ServerResolver resolver;
    private final WireClient wire;

    public FederationClient(ServerIdentity identity, ServerPolicy policy, ServerResolver resolver, WireClient wire) {
        this.identity = identity;
        this.policy = policy;
        this.resolver = resolver;
        this.wire = wire;
    }

    public boolean federatesWith(ServerName server) {
        return !server.equals(identity.name()) && policy.allows(server);
    }

    public JsonNode request(ServerName destination, String method, String path, Map<String, List<String>> query,
                            JsonNode body) throws RemoteException {
        if (!path.startsWith("/_matrix/federation/") && !path.startsWith("/_matrix/key/")
                && !path.startsWith("/_matrix/media/")) {
            throw new IllegalArgumentException("not a federation path: " + path);
        }
        if (!federatesWith(destination)) {
            throw new RemoteException(RemoteException.Kind.NOT_ALLOWED, 0, null,
                    destination.equals(identity.name()) ? "A request to this server itself"
                            : "Federation with " + destination + " is not allowed on this server");
        }
        WireClient.Response response = signedExchange(destination, method, path + queryString(query), body,
                WireClient.DEFAULT_MAX);
        JsonNode json;
        MatrixException unparsed = null;
        try {
            json = Json.parseAnswer(response.body());
        } catch (MatrixException e) {
            json = null;
            unparsed = e;
        }
        if (response.status() / 100 == 2) {
            if (json == null) {
                // M_BAD_JSON: JSON, but outside what Matrix allows (a float, a number past 2^53)
                throw new RemoteException(RemoteException.Kind.BAD_RESPONSE, response.status(), unparsed.errcode(),
                        destination + " answered " + path + " with something that is not JSON as Matrix allows: "
                                + unparsed.getMessage());
            }
            return json;
        }
        throw failure(destination, method, path, response.status(), json);
    }

    /**
     * Media of another server (Server-Server API, "Content Repository"): the media or, given a
     * thumbnail spec, the thumbnail, streamed from the {@code multipart/mixed} answer
     * ({@link MediaAnswer}) as it arrives; at most {@code maxBytes} bytes of media. A
     * {@code Location} part is followed once. Servers without these endpoints are asked on the
     * deprecated ones ({@link #legacyMedia}). The caller closes the media's stream.
     */
    public MediaContent media(ServerName server, String mediaId, Optional<ThumbnailSpec> thumbnail, long maxBytes)
            throws RemoteException {
        if (!federatesWith(server)) {
            throw new RemoteException(RemoteException.Kind.NOT_ALLOWED, 0, null,
                    "Federation with " + server + " is not allowed on this server");
        }
        String encoded = URLEncoder.encode(mediaId, StandardCharsets.UTF_8);
        String path = thumbnail.isPresent() ? "/_matrix/federation/v1/media/thumbnail/" + encoded
                : "/_matrix/federation/v1/media/download/" + encoded;
        Map<String, List<String>> query = thumbnail.map(spec -> Map.of(
                "width", List.of(Integer.toString(spec.width())), "height", List.of(Integer.toString(spec.height())),
                "method", List.of(spec.method().text()), "animated", List.of(Boolean.toString(spec.animated()))))
                .orElse(Map.of());
        WireClient.Streamed answer = signedOpen(server, "GET", path + queryString(query),
                maxBytes + MediaAnswer.MAX_OVERHEAD);
        if (answer.status() / 100 == 2) {
            MediaAnswer.Read read = MediaAnswer.read(server, answer.header("content-type"), answer.body(), answer::close,
                    maxBytes);
            return read.media() != null ? read.media() : elsewhere(server, read.location(), maxBytes);
        }
        JsonNode json = jsonOrNull(answer);
        if ((answer.status() == 404 || answer.status() == 400) && json != null
                && "M_UNRECOGNIZED".equals(json.path("errcode").textValue())) {
            return legacyMedia(server, encoded, thumbnail.isPresent(), query, maxBytes);
        }
        throw failure(server, "GET", path, answer.status(), json);
    }

    /**
     * A server older than v1.11 has no federation media endpoints (answered 404 or 400
     * {@code M_UNRECOGNIZED}): its media come from the deprecated {@code /_matrix/media/v3}
     * endpoints, with {@code allow_remote=false} so that it does not go asking other servers
     * (Client-Server API, "Content repository"). The body is the media itself.
     */
    private MediaContent legacyMedia(ServerName server, String encodedId, boolean thumbnail,
                                     Map<String, List<String>> query, long maxBytes) throws RemoteException {
        String path = "/_matrix/media/v3/" + (thumbnail ? "thumbnail/" : "download/")
                + URLEncoder.encode(server.value(), StandardCharsets.UTF_8) + "/" + encodedId;
        Map<String, List<String>> legacyQuery = new LinkedHashMap<>(query);
        legacyQuery.put("allow_remote", List.of("false"));
        WireClient.Streamed answer = signedOpen(server, "GET", path + queryString(legacyQuery), maxBytes);
        if (answer.status() / 100 != 2) {
            throw failure(server, "GET", path, answer.status(), jsonOrNull(answer));
        }
        return wholeBody(answer, maxBytes);
    }

    /**
     * The media at the URL a {@code Location} part gives: a plain GET (no signature: the URL is
     * the remote's to hand out, such as a storage service's), HTTPS only, to an address the
     * {@link AddressGuard} allows, as bounded as the media answer. Not followed further.
     */
    private MediaContent elsewhere(ServerName server, String location, long maxBytes) throws RemoteException {
        URI url;
        try {
            url = new URI(location);
        } catch (URISyntaxException e) {
            throw new RemoteException(RemoteException.Kind.BAD_RESPONSE, 0, null, server + ": a malformed Location");
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getRawUserInfo() != null) {
            throw new RemoteException(RemoteException.Kind.BAD_RESPONSE, 0, null,
                    server + ": the media's Location is not an https URL of a host");
        }
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : 443;
        Target target = new Target(host, port, host, url.getPort() > 0 ? url.getRawAuthority() : url.getHost());
        String requestTarget = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() != null ? "?" + url.getRawQuery() : "");
        WireClient.Streamed answer = wire.open(target, "GET", requestTarget, List.of(), null, maxBytes);
        if (answer.status() / 100 != 2) {
            answer.close();
            throw new RemoteException(RemoteException.Kind.ERROR_RESPONSE, answer.status(), null,
                    server + "'s media Location answered " + answer.status());
        }
        return wholeBody(answer, maxBytes);
    }

    /** Media that are the whole body of the answer, described by its headers; closing the stream closes the answer. */
    private static MediaContent wholeBody(WireClient.Streamed answer, long maxBytes) {
        String type = answer.header("content-type");
        String disposition = answer.header("content-disposition");
        return new MediaContent(type != null ? type : "application/octet-stream", MediaContent.UNKNOWN_SIZE,
                disposition != null ? MediaAnswer.fileName(disposition) : Optional.empty(),
                disposition != null ? disposition : "attachment",
                new MediaAnswer.Bounded(answer.body(), maxBytes, answer::close));
    }

    /** The JSON of an error answer (at most 64 KiB of it), or null; the answer is closed. */
    private static JsonNode jsonOrNull(WireClient.Streamed answer) {
        try (answer) {
            return Json.parseAnswer(answer.body().readNBytes(64 * 1024));
        } catch (MatrixException | IOException e) {
            return null;
        }
    }

    private WireClient.Streamed signedOpen(ServerName destination, String method, String target, long maxBytes)
            throws RemoteException {
        return wire.open(resolver.resolve(destination), method, target,
                List.<String[]>of(new String[] {"Authorization", authorization(destination, method, target, null)}),
                null, maxBytes);
    }

    private WireClient.Response signedExchange(ServerName destination, String method, String target, JsonNode body,
                                               long maxBytes) throws RemoteException {
        return wire.exchange(resolver.resolve(destination), method, target,
                List.<String[]>of(new String[] {"Authorization", authorization(destination, method, target, body)}),
                body == null ? null : Json.bytes(body), maxBytes);
    }

    /** The {@code X-Matrix} authorization of a request (Server-Server API, "Request Authentication"). */
    private String authorization(ServerName destination, String method, String target, JsonNode body) {
        ServerName self = identity.name();
        ObjectNode signed = identity.sign(XMatrix.signedJson(method, target, self, destination, body));
        String signature = signed.path("signatures").path(self.value()).path(identity.keyId()).textValue();
        return new XMatrix(self, destination, identity.keyId(), signature).header();
    }

    private static RemoteException failure(ServerName destination, String method, String path, int status,
                                           JsonNode json) {
        String errcode = json != null ? json.path("errcode").textValue() : null;
        String error = json != null && json.path("error").isTextual() ? json.path("error").textValue() : "";
        // Client-Server API, M_INCOMPATIBLE_ROOM_VERSION: "inspect the room_version property of the error"
        Map<String, Object> extra = "M_INCOMPATIBLE_ROOM_VERSION".equals(errcode) && json.path("room_version").isTextual()
                ? Map.of("room_version", truncate(json.path("room_version").textValue())) : Map.of();
        return new RemoteException(RemoteException.Kind.ERROR_RESPONSE, status, errcode,
                destination + " answered " + method + " " + path + " with " + status
                        + (errcode != null ? " " + errcode : "") + (error.isEmpty() ? "" : ": " + truncate(error)), extra);
    }

    static String queryString(Map<String, List<String>> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            for (String value : e.getValue()) {
                out.append(out.length() == 0 ? '?' : '&').append(encode(e.getKey())).append('=').append(encode(value));
            }
        }
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String truncate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
