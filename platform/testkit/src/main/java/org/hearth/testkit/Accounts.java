package org.hearth.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

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
