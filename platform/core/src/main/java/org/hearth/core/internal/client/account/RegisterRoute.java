package org.hearth.core.internal.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.account.Registrar;
import org.hearth.core.internal.account.Sessions;
import org.hearth.core.internal.account.UserInteractiveAuth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/register
 *
 * <ul>
 *   <li>403 {@code M_FORBIDDEN} when {@code registration.enabled} is false.</li>
 *   <li>{@code kind=guest} ("Guest Access"): a guest account with a numeric user ID and a token at
 *       once, without User-Interactive Auth; 403 {@code M_GUEST_ACCESS_FORBIDDEN} unless
 *       {@code registration.guest_access}. A guest upgrades its account by registering with
 *       {@code guest_access_token} (and its own localpart as {@code username}): the same user ID,
 *       now with a password, on a new device.</li>
 *   <li>User-Interactive Auth: {@code m.login.dummy}, or {@code m.login.registration_token}
 *       when {@code registration.tokens} is set. The username is checked before the challenge,
 *       so a client learns of {@code M_USER_IN_USE} or {@code M_INVALID_USERNAME} at once.</li>
 *   <li>{@code inhibit_login}: the account is created without a device or token.</li>
 *   <li>Rate limited per address.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/register", access = Access.NONE)
public class RegisterRoute implements Route {
    private final Registrar registrar;
    private final UiaGate uia;
    private final Sessions sessions;
    private final RateLimiter limits;

    @Activate
    public RegisterRoute(@Reference Registrar registrar, @Reference UiaGate uia,
                         @Reference Sessions sessions, @Reference RateLimiter limits) {
        this.registrar = registrar;
        this.uia = uia;
        this.sessions = sessions;
        this.limits = limits;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        String kind = request.queryParam("kind").orElse("user");
        if ("guest".equals(kind)) {
            return registerGuest(request);
        }
        if (!"user".equals(kind)) {
            throw MatrixException.invalidParam("kind must be user or guest");
        }
        if (!registrar.enabled()) {
            throw MatrixException.forbidden("Registration has been disabled");
        }
        JsonNode body = Bodies.object(request);
        String username = Bodies.string(body, "username");
        UserId guest = guest(body, username, request.remoteAddress());
        if (username != null && guest == null && !uia.alreadyDone(body)) {
            registrar.available(username); // early, before any stage; not on a retry of a done registration
        }
        UserInteractiveAuth.Outcome outcome = uia.run(request, body,
                new UserInteractiveAuth.Flows(registrar.flows(), null, registrar::validToken));
        if (outcome instanceof UserInteractiveAuth.Challenge challenge) {
            return UiaGate.response(challenge);
        }
        UserInteractiveAuth.Passed passed = (UserInteractiveAuth.Passed) outcome;
        // the parameters of the request that began the session, when this one only completes it
        JsonNode params = JsonNodeFactory.instance.objectNode().setAll(passed.params());
        UserId userId;
        if (passed.result() instanceof UserId registered) {
            userId = registered; // a retry of a registration that succeeded: the same account
        } else if (guest != null) {
            registrar.upgradeGuest(guest, Bodies.string(params, "password"));
            sessions.evict(guest); // its sessions were a guest's
            uia.remember(passed, guest);
            userId = guest;
        } else {
            limits.acquire(RateLimiter.REGISTRATION, "ip:" + request.remoteAddress());
            userId = registrar.create(Bodies.string(params, "username"), Bodies.string(params, "password"), null,
                    false, "/register");
            uia.remember(passed, userId);
        }
        if (Bodies.bool(params, "inhibit_login", false)) {
            return RouteResponse.ok(Map.of("user_id", userId.toString()));
        }
        Sessions.Issued issued = sessions.start(userId, Bodies.string(params, "device_id"),
                Bodies.string(params, "initial_device_display_name"), Bodies.bool(params, "refresh_token", false),
                request.remoteAddress());
        return RouteResponse.ok(issued.toJson(userId));
    }

    private RouteResponse registerGuest(RouteRequest request) throws MatrixException {
        if (!registrar.guestAccess()) {
            throw new MatrixException(403, "M_GUEST_ACCESS_FORBIDDEN", "Guest access is disabled");
        }
        JsonNode body = Bodies.objectOrEmpty(request);
        limits.acquire(RateLimiter.REGISTRATION, "ip:" + request.remoteAddress());
        UserId userId = registrar.createGuest("/register?kind=guest");
        Sessions.Issued issued = sessions.start(userId, null, Bodies.string(body, "initial_device_display_name"),
                false, request.remoteAddress());
        return RouteResponse.ok(issued.toJson(userId));
    }

    /**
     * The guest whose account this registration upgrades, or null: 403 when the token is not a
     * guest's or the username is not the guest's own.
     */
    private UserId guest(JsonNode body, String username, String ip) throws MatrixException {
        String token = Bodies.string(body, "guest_access_token");
        if (token == null) {
            return null;
        }
        Requester guest = sessions.require(token, ip);
        if (!guest.guest()) {
            throw MatrixException.forbidden("guest_access_token is not a guest's");
        }
        if (username != null && !username.equals(guest.userId().localpart())) {
            throw MatrixException.forbidden("A guest may only upgrade its own account");
        }
        return guest.userId();
    }
}
