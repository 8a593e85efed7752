package org.hearth.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Creating and logging in test users through the public API, as a client would. */
public final class Accounts {
    private Accounts() {
    }

    /** A logged-in user: the answer of /register or /login. */
    public record Login(String userId, String accessToken, String deviceId, String refreshToken, MatrixHttp http) {}

    /** Registers through the {@code m.login.dummy} flow; fails the test unless it answers 200. */
    public static Login register(MatrixHttp http, String username, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        body.put("auth", Map.of("type", "m.login.dummy"));
        return expectLogin(http, http.post("/_matrix/client/v3/register", body));
    }

    /** Logs in with {@code m.login.password}; fails the test unless it answers 200. */
    public static Login login(MatrixHttp http, String user, String password, boolean refreshable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "m.login.password");
        body.put("identifier", Map.of("type", "m.id.user", "user", user));
        body.put("password", password);
        body.put("refresh_token", refreshable);
        return expectLogin(http, http.post("/_matrix/client/v3/login", body));
    }

    /**
     * Registers through the shared-secret endpoint ({@code /_synapse/admin/v1/register}, the server's
     * {@code registration.shared_secret}), the way to make an admin; fails the test unless it answers 200.
     */
    public static Login registerWithSharedSecret(MatrixHttp http, String secret, String username, String password,
                                                 boolean admin) {
        String nonce = http.get("/_synapse/admin/v1/register").json().get("nonce").asText();
        return expectLogin(http, http.post("/_synapse/admin/v1/register",
                sharedSecretBody(nonce, username, password, admin, secret)));
    }

    /** The body of a shared-secret registration, its MAC made with {@code secret}. */
    public static Map<String, Object> sharedSecretBody(String nonce, String username, String password, boolean admin,
                                                       String secret) {
        String message = nonce + "\0" + username + "\0" + password + "\0" + (admin ? "admin" : "notadmin");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", nonce);
        body.put("username", username);
        body.put("password", password);
        body.put("admin", admin);
        body.put("mac", hmacSha1Hex(secret, message));
        return body;
    }

    private static String hmacSha1Hex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private static Login expectLogin(MatrixHttp http, Reply reply) {
        if (reply.status() != 200) {
            throw new AssertionError("expected 200, got " + reply);
        }
        var json = reply.json();
        String token = json.get("access_token").asText();
        return new Login(json.get("user_id").asText(), token, json.get("device_id").asText(),
                json.has("refresh_token") ? json.get("refresh_token").asText() : null, http.as(token));
    }
}
