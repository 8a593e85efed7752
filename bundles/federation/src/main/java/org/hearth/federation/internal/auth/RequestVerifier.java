package org.hearth.federation.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.ServerKeys;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.ServerPolicy;
import org.hearth.federation.internal.http.Dispatcher;
import org.hearth.federation.internal.json.Json;
import org.hearth.federation.internal.json.Signatures;

/**
 * Authenticates a request of another server (Server-Server API, "Request Authentication"): every
 * {@code Authorization} header must be a well-formed {@code X-Matrix} one naming the same origin
 * and, when it names a destination, this server; the origin must pass the allow/deny lists; and
 * one signature must verify with the origin's key valid now. Failures are 401
 * {@code M_UNAUTHORIZED} (400 for a header that cannot be parsed, such as an origin that is no
 * server name, as Synapse answers); a denied server is 403 {@code M_FORBIDDEN}.
 */
public final class RequestVerifier implements Dispatcher.Authenticator {
    private static final int MAX_HEADERS = 8;

    private final ServerName self;
    private final ServerPolicy policy;
    private final ServerKeys keys;
    private final Clock clock;

    public RequestVerifier(ServerName self, ServerPolicy policy, ServerKeys keys, Clock clock) {
        this.self = self;
        this.policy = policy;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public ServerName authenticate(String method, String target, List<String> authorization, byte[] body)
            throws MatrixException {
        if (authorization.isEmpty()) {
            throw unauthorized("Missing Authorization headers");
        }
        if (authorization.size() > MAX_HEADERS) {
            throw unauthorized("Too many Authorization headers");
        }
        List<XMatrix> headers = new ArrayList<>();
        ServerName origin = null;
        for (String value : authorization) {
            Optional<XMatrix> parsed = XMatrix.parse(value);
            if (parsed.isEmpty()) {
                throw new MatrixException(400, "M_UNAUTHORIZED", "Malformed X-Matrix Authorization header");
            }
            XMatrix x = parsed.get();
            if (x.destination() != null && !x.destination().equals(self)) {
                throw unauthorized("The request is for " + x.destination() + ", not this server");
            }
            if (origin != null && !origin.equals(x.origin())) {
                throw unauthorized("Authorization headers name different origins");
            }
            origin = x.origin();
            headers.add(x);
        }
        if (origin.equals(self)) {
            throw unauthorized("A request cannot come from this server itself");
        }
        if (!policy.allows(origin)) {
            throw MatrixException.forbidden("Federation with " + origin + " is not allowed on this server");
        }
        JsonNode content = body.length == 0 ? null : Json.parseLenient(body);
        long now = clock.millis();
        for (XMatrix x : headers) {
            Optional<byte[]> key = keys.publicKey(origin, x.keyId(), now);
            Optional<byte[]> signature = Signatures.base64(x.signature());
            if (key.isEmpty() || signature.isEmpty()) {
                continue;
            }
            // the signed JSON names the destination only when the header does
            var signed = XMatrix.signedJson(method, target, origin, x.destination() != null ? self : null, content);
            try {
                signed.putObject("signatures").putObject(origin.value()).put(x.keyId(), x.signature());
                if (Signatures.verify(signed, origin.value(), x.keyId(), key.get())) {
                    return origin;
                }
            } catch (IllegalArgumentException notCanonical) {
                throw MatrixException.badJson("The request body has no canonical JSON form");
            }
        }
        throw unauthorized("No valid signature of " + origin + " on the request");
    }

    private static MatrixException unauthorized(String message) {
        return new MatrixException(401, "M_UNAUTHORIZED", message);
    }
}
