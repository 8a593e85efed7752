package org.hearth.core.internal.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.account.Logins;
import org.hearth.core.internal.account.PasswordIdentifiers;
import org.hearth.core.internal.account.UserInteractiveAuth.Challenge;
import org.hearth.core.internal.account.UserInteractiveAuth.Stage;
import org.hearth.core.internal.account.UserInteractiveAuth.Submission;
import org.hearth.core.internal.account.UserInteractiveAuth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * User-Interactive Authentication over HTTP: reads the {@code auth} object of a request body into
 * a {@link Submission} and writes a {@link Challenge} as the 401 the spec describes
 * (Client-Server API, "User-interactive API in the REST API"). An empty answer lets the route go on.
 */
@Component(service = UiaGate.class)
public class UiaGate {
    private final UserInteractiveAuth uia;
    private final PasswordIdentifiers identifiers;

    @Activate
    public UiaGate(@Reference UserInteractiveAuth uia, @Reference PasswordIdentifiers identifiers) {
        this.uia = uia;
        this.identifiers = identifiers;
    }

    /** The user's own password, before a sensitive change. */
    public Optional<RouteResponse> confirmPassword(RouteRequest request, JsonNode body, UserId user)
            throws MatrixException {
        return answer(uia.confirmPassword(caller(request), operation(request, body), submission(body), user));
    }

    /** The outcome; a {@link Challenge} is answered with {@link #response}. */
    public UserInteractiveAuth.Outcome run(RouteRequest request, JsonNode body, UserInteractiveAuth.Flows flows)
            throws MatrixException {
        return uia.run(caller(request), operation(request, body), submission(body), flows);
    }

    /** Records what the operation produced under the session (see {@link UserInteractiveAuth#remember}). */
    public void remember(UserInteractiveAuth.Passed passed, Object result) {
        uia.remember(passed.session(), result);
    }

    /** Whether the session the body continues already produced a result (a retry of a done operation). */
    public boolean alreadyDone(JsonNode body) {
        return uia.result(body.path("auth").path("session").asText(null)).isPresent();
    }

    private static UserInteractiveAuth.Operation operation(RouteRequest request, JsonNode body) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> {
            if (!"auth".equals(field.getKey())) {
                params.put(field.getKey(), field.getValue());
            }
        });
        return new UserInteractiveAuth.Operation(request.method() + " " + request.path(), params);
    }

    private static UserInteractiveAuth.Caller caller(RouteRequest request) {
        boolean appService = request.optionalRequester().map(r -> r.appServiceId() != null).orElse(false);
        return new UserInteractiveAuth.Caller(request.remoteAddress(), appService);
    }

    private Submission submission(JsonNode body) {
        JsonNode auth = body.path("auth");
        if (!auth.isObject()) {
            return null;
        }
        String type = auth.path("type").asText(null);
        return new Submission(auth.path("session").asText(null), type == null ? null : stage(type, auth));
    }

    private Stage stage(String type, JsonNode auth) {
        try {
            return switch (type) {
                case UserInteractiveAuth.DUMMY -> new UserInteractiveAuth.Dummy();
                case Logins.PASSWORD -> {
                    UserId claimed = identifiers.userOf(auth);
                    String password = auth.path("password").asText(null);
                    if (password == null) {
                        throw MatrixException.badJson("password is required");
                    }
                    yield new UserInteractiveAuth.Password(claimed, password);
                }
                case UserInteractiveAuth.REGISTRATION_TOKEN -> {
                    String token = auth.path("token").asText(null);
                    if (token == null) {
                        throw new MatrixException(401, "M_FORBIDDEN", "Invalid registration token");
                    }
                    yield new UserInteractiveAuth.RegistrationToken(token);
                }
                default -> throw new MatrixException(400, "M_UNRECOGNIZED", "Unknown authentication type " + type);
            };
        } catch (MatrixException problem) {
            return new UserInteractiveAuth.Unusable(type, problem);
        }
    }

    private static Optional<RouteResponse> answer(UserInteractiveAuth.Outcome outcome) {
        return outcome instanceof Challenge challenge ? Optional.of(response(challenge)) : Optional.empty();
    }

    /** The 401 of a challenge: flows, params, session, completed stages, and the failure if any. */
    public static RouteResponse response(Challenge challenge) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> flows = new ArrayList<>();
        challenge.flows().forEach(f -> flows.add(Map.of("stages", f)));
        body.put("flows", flows);
        body.put("params", Map.of());
        body.put("session", challenge.session());
        body.put("completed", challenge.completed());
        if (challenge.failure() != null) {
            body.put("errcode", challenge.failure().errcode());
            body.put("error", challenge.failure().getMessage());
        }
        return RouteResponse.json(401, body);
    }
}
