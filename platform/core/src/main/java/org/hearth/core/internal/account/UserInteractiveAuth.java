package org.hearth.core.internal.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Credentials;
import org.hearth.api.http.RateLimiter;
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
    private final RateLimiter limits;
    private final Map<String, UiaSession> sessions = new ConcurrentHashMap<>();
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;


    /**
     * A session: the operation it authorises and the parameters of the request that began it,
     * the stages done, and once an operation ran under it, what that produced.
     */
    private static final class UiaSession {
        final Set<String> completed = new LinkedHashSet<>();
        final long createdAt;
        final Operation operation;
        Object result;

        UiaSession(long createdAt, Operation operation) {
            this.createdAt = createdAt;
            this.operation = operation;
        }
    }

    /**
     * What a request wants done: an identifier of the operation (method and path: a session
     * authorises that one only, "User-interactive authentication API" says "the server MUST ...
     * ensure that the operation ... cannot be changed") and its parameters (the body without
     * {@code auth}; empty when it has none).
     */
    public record Operation(String id, Map<String, JsonNode> params) {}

    /** Who submits: rate limits count per address, and application services are not limited. */
    public record Caller(String remoteAddress, boolean appService) {}

    /** A stage as the client submitted it in the {@code auth} object. */
    public sealed interface Stage permits Dummy, Password, RegistrationToken, Unusable {
        String type();
    }

    /** {@code m.login.dummy}. */
    public record Dummy() implements Stage {
        @Override
        public String type() {
            return DUMMY;
        }
    }

    /** {@code m.login.password}: the user the identifier names (already resolved) and the password. */
    public record Password(UserId claimed, String password) implements Stage {
        @Override
        public String type() {
            return Logins.PASSWORD;
        }
    }

    /** {@code m.login.registration_token}. */
    public record RegistrationToken(String token) implements Stage {
        @Override
        public String type() {
            return REGISTRATION_TOKEN;
        }
    }

    /** A stage of this type that cannot be tried: unknown, or missing what it needs. */
    public record Unusable(String type, MatrixException problem) implements Stage {}

    /**
     * The {@code auth} object of a request: the session it continues (null for none) and the
     * stage it completes (null when it only continues the session).
     */
    public record Submission(String session, Stage stage) {}

    /** What the route does next: go on, or answer the challenge. */
    public sealed interface Outcome permits Passed, Challenge {}

    /**
     * Every stage of one flow is complete.
     *
     * @param session the session, to {@link #remember} what the operation produced
     * @param params  the request's parameters, or the first request's when this one has none
     *                (a client may send them only when it begins the session)
     * @param result  what the operation produced when it already ran under this session (a retry), or null
     */
    public record Passed(String session, Map<String, JsonNode> params, Object result) implements Outcome {}

    /**
     * A 401: the flows, the session and its completed stages, and the failure of the stage just
     * tried (null when none failed).
     */
    public record Challenge(String session, List<List<String>> flows, List<String> completed,
                            MatrixException failure) implements Outcome {}

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
    public UserInteractiveAuth(@Reference Logins logins, @Reference RateLimiter limits) {
        this.logins = logins;
        this.limits = limits;
    }

    /** A signed-in user confirms who they are with their password, before a sensitive change. */
    public Outcome confirmPassword(Caller caller, Operation operation, Submission submission, UserId user)
            throws MatrixException {
        return run(caller, operation, submission, new Flows(List.of(List.of(Logins.PASSWORD)), user, null));
    }

    /** Runs a request's submission (null when it has no {@code auth} object) against the flows. */
    public Outcome run(Caller caller, Operation operation, Submission submission, Flows flows) throws MatrixException {
        if (submission == null) {
            return challenge(newSession(operation), flows, null);
        }
        String sessionId = submission.session();
        UiaSession session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || clock.millis() - session.createdAt > SESSION_LIFETIME_MS) {
            sessionId = newSession(operation);
            session = sessions.get(sessionId);
        } else if (!session.operation.id().equals(operation.id())) {
            throw MatrixException.forbidden("This authentication session is for another operation");
        }
        Stage stage = submission.stage();
        if (stage instanceof Password p && flows.user() != null && !flows.user().equals(p.claimed())) {
            // someone else's password proves nothing about this user: refused, not a stage to retry
            throw MatrixException.forbidden("Invalid username or password");
        }
        if (stage != null) {
            if (!offered(flows, stage.type())) {
                return challenge(sessionId, flows, new MatrixException(400, "M_UNRECOGNIZED",
                        "Authentication type " + stage.type() + " is not offered here"));
            }
            try {
                complete(stage, caller, flows);
            } catch (MatrixException failed) {
                if (failed.status() == 429) {
                    throw failed; // a 429 with retry_after_ms, not a challenge to try again at once
                }
                return challenge(sessionId, flows, failed);
            }
            synchronized (session) {
                session.completed.add(stage.type());
            }
        }
        for (List<String> flow : flows.flows()) {
            synchronized (session) {
                if (session.completed.containsAll(flow)) {
                    if (flows.user() != null) {
                        sessions.remove(sessionId); // a signed-in user's confirmation is used once
                    }
                    Map<String, JsonNode> params = operation.params().isEmpty() ? session.operation.params()
                            : operation.params();
                    return new Passed(sessionId, params, session.result);
                }
            }
        }
        return challenge(sessionId, flows, null);
    }

    /**
     * Records what the operation produced under a session, so that a retry of the same request
     * (a lost answer) gets the same outcome instead of running it again.
     */
    public void remember(String sessionId, Object result) {
        UiaSession session = sessions.get(sessionId);
        if (session != null) {
            synchronized (session) {
                session.result = result;
            }
        }
    }

    /** What the operation produced under the session, when it already ran (see {@link #remember}). */
    public Optional<Object> result(String sessionId) {
        UiaSession session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null) {
            return Optional.empty();
        }
        synchronized (session) {
            return Optional.ofNullable(session.result);
        }
    }

    private void complete(Stage stage, Caller caller, Flows flows) throws MatrixException {
        if (stage instanceof Password p) {
            limitPasswordChecks(caller, p.claimed());
            logins.check(new Credentials(Logins.PASSWORD, p.claimed(), p.password(), caller.remoteAddress()));
        } else if (stage instanceof RegistrationToken t) {
            if (flows.validRegistrationToken() == null || !flows.validRegistrationToken().valid(t.token())) {
                throw new MatrixException(401, "M_FORBIDDEN", "Invalid registration token");
            }
        } else if (stage instanceof Unusable u) {
            throw u.problem();
        }
    }

    /**
     * Every password tried here counts against the user and against the address, as logins do:
     * otherwise a signed-in session would be a way around the login limiter. Application
     * services are not limited.
     */
    private void limitPasswordChecks(Caller caller, UserId claimed) throws MatrixException {
        if (caller.appService()) {
            return;
        }
        limits.acquire(RateLimiter.PASSWORD_CHECK, claimed.toString());
        limits.acquire(RateLimiter.PASSWORD_CHECK, "ip:" + caller.remoteAddress());
    }

    private static boolean offered(Flows flows, String type) {
        return flows.flows().stream().anyMatch(flow -> flow.contains(type));
    }

    private String newSession(Operation operation) {
        if (sessions.size() > MAX_SESSIONS) {
            long now = clock.millis();
            sessions.values().removeIf(s -> now - s.createdAt > SESSION_LIFETIME_MS);
        }
        String id = Tokens.random(18);
        sessions.put(id, new UiaSession(clock.millis(), operation));
        return id;
    }

    private Challenge challenge(String sessionId, Flows flows, MatrixException failure) {
        UiaSession session = sessions.get(sessionId);
        List<String> completed = List.of();
        if (session != null) {
            synchronized (session) {
                completed = List.copyOf(session.completed);
            }
        }
        return new Challenge(sessionId, flows.flows(), completed, failure);
    }
}
