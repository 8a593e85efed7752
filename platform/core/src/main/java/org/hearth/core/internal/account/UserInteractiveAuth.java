package org.hearth.core.internal.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Credentials;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * User-Interactive Authentication (Client-Server API, "User-Interactive Authentication API"):
 * the 401 challenges listing flows, the session that remembers completed stages, and the
 * stages themselves ({@code m.login.dummy}, {@code m.login.password},
 * {@code m.login.registration_token}).
 *
 * <p>Sessions live in memory for ten minutes: a restart makes clients begin the flow again.
 */
@Component(service = UserInteractiveAuth.class)
public class UserInteractiveAuth {
    public static final String DUMMY = "m.login.dummy";
    public static final String REGISTRATION_TOKEN = "m.login.registration_token";
    private static final long SESSION_LIFETIME_MS = 10 * 60_000;
    private static final int MAX_SESSIONS = 50_000;

    private final Logins logins;
    private final PasswordIdentifiers identifiers;
    private final RateLimiter limits;
    private final Map<String, UiaSession> sessions = new ConcurrentHashMap<>();
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;


    private static final class UiaSession {
        final Set<String> completed = new LinkedHashSet<>();
        final long createdAt;

        UiaSession(long createdAt) {
            this.createdAt = createdAt;
        }
    }

    /** What the route does next: go on, or answer the challenge. */
    public sealed interface Outcome permits Passed, Challenge {}

    /** Every stage of one flow is complete. */
    public record Passed() implements Outcome {}

    /** A 401 listing the flows, or naming the stage that failed. */
    public record Challenge(RouteResponse response) implements Outcome {}

    /**
     * The stages a request may complete.
     *
     * @param flows            the flows offered, each a list of stage types
     * @param user             the user who must prove who they are (password stage), or null
     * @param validRegistrationToken check of a registration token, or null when not offered
     */
    public record Flows(List<List<String>> flows, UserId user, TokenCheck validRegistrationToken) {}

    @FunctionalInterface
    public interface TokenCheck {
        boolean valid(String token);
    }

    @Activate
    public UserInteractiveAuth(@Reference Logins logins, @Reference PasswordIdentifiers identifiers,
                               @Reference RateLimiter limits) {
        this.logins = logins;
        this.identifiers = identifiers;
        this.limits = limits;
    }

    /** A signed-in user confirms who they are with their password, before a sensitive change. */
    public Outcome confirmPassword(RouteRequest request, JsonNode body, UserId user) throws MatrixException {
        return run(request, body, new Flows(List.of(List.of(Logins.PASSWORD)), user, null));
    }

    /** Runs the {@code auth} object of the body against the flows. */
    public Outcome run(RouteRequest request, JsonNode body, Flows flows) throws MatrixException {
        JsonNode auth = body.path("auth");
        if (!auth.isObject()) {
            return challenge(newSession(), flows, null);
        }
        String sessionId = auth.path("session").asText(null);
        UiaSession session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || clock.millis() - session.createdAt > SESSION_LIFETIME_MS) {
            sessionId = newSession();
            session = sessions.get(sessionId);
        }
        String type = auth.path("type").asText(null);
        if (type != null) {
            if (!offered(flows, type)) {
                return challenge(sessionId, flows, new MatrixException(400, "M_UNRECOGNIZED",
                        "Authentication type " + type + " is not offered here"));
            }
            try {
                complete(type, auth, request, flows);
            } catch (MatrixException failed) {
                if (failed.status() == 429) {
                    throw failed; // a 429 with retry_after_ms, not a challenge to try again at once
                }
                return challenge(sessionId, flows, failed);
            }
            synchronized (session) {
                session.completed.add(type);
            }
        }
        for (List<String> flow : flows.flows()) {
            synchronized (session) {
                if (session.completed.containsAll(flow)) {
                    sessions.remove(sessionId);
                    return new Passed();
                }
            }
        }
        return challenge(sessionId, flows, null);
    }

    private void complete(String type, JsonNode auth, RouteRequest request, Flows flows) throws MatrixException {
        switch (type) {
            case DUMMY -> { }
            case Logins.PASSWORD -> {
                UserId claimed = identifiers.userOf(auth);
                if (flows.user() != null && !flows.user().equals(claimed)) {
                    throw MatrixException.forbidden("Invalid username or password");
                }
                String password = auth.path("password").asText(null);
                if (password == null) {
                    throw MatrixException.badJson("password is required");
                }
                limitPasswordChecks(request, claimed);
                logins.check(new Credentials(Logins.PASSWORD, claimed, password, request.remoteAddress()));
            }
            case REGISTRATION_TOKEN -> {
                String token = auth.path("token").asText(null);
                if (token == null || flows.validRegistrationToken() == null
                        || !flows.validRegistrationToken().valid(token)) {
                    throw new MatrixException(401, "M_FORBIDDEN", "Invalid registration token");
                }
            }
            default -> throw new MatrixException(400, "M_UNRECOGNIZED", "Unknown authentication type " + type);
        }
    }

    /**
     * Every password tried here counts against the user and against the address, as logins do:
     * otherwise a signed-in session would be a way around the login limiter. Application
     * services are not limited.
     */
    private void limitPasswordChecks(RouteRequest request, UserId claimed) throws MatrixException {
        if (request.optionalRequester().map(r -> r.appServiceId() != null).orElse(false)) {
            return;
        }
        limits.acquire(RateLimiter.PASSWORD_CHECK, claimed.toString());
        limits.acquire(RateLimiter.PASSWORD_CHECK, "ip:" + request.remoteAddress());
    }

    private static boolean offered(Flows flows, String type) {
        return flows.flows().stream().anyMatch(flow -> flow.contains(type));
    }

    private String newSession() {
        if (sessions.size() > MAX_SESSIONS) {
            long now = clock.millis();
            sessions.values().removeIf(s -> now - s.createdAt > SESSION_LIFETIME_MS);
        }
        String id = Tokens.random(18);
        sessions.put(id, new UiaSession(clock.millis()));
        return id;
    }

    private Challenge challenge(String sessionId, Flows flows, MatrixException failure) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> flowList = new ArrayList<>();
        flows.flows().forEach(f -> flowList.add(Map.of("stages", f)));
        body.put("flows", flowList);
        body.put("params", Map.of());
        body.put("session", sessionId);
        UiaSession session = sessions.get(sessionId);
        if (session != null) {
            synchronized (session) {
                body.put("completed", List.copyOf(session.completed));
            }
        }
        if (failure != null) {
            body.put("errcode", failure.errcode());
            body.put("error", failure.getMessage());
        }
        return new Challenge(RouteResponse.json(401, body));
    }
}
