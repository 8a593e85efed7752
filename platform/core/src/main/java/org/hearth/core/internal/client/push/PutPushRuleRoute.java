package org.hearth.core.internal.client.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.push.PushRuleKind;
import org.hearth.core.internal.push.PushRules;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_matrix/client/v3/pushrules/global/{kind}/{ruleId}[/enabled | /actions]
 *
 * <ul>
 *   <li>A rule: created or updated with {@code actions}, {@code conditions} or {@code pattern};
 *       {@code before}/{@code after} query parameters place it (rules of {@code PushRuleSet}).</li>
 *   <li>{@code /enabled} with {@code {"enabled": bool}}; {@code /actions} with {@code {"actions": [...]}},
 *       for predefined rules too; 404 for an unknown rule.</li>
 *   <li>Shorter paths, an unknown scope, kind or attribute, a bad body: 400.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "PUT", path = {PushRulePath.BASE + "{scope}", PushRulePath.BASE + "{scope}/{kind}",
        PushRulePath.BASE + "{scope}/{kind}/{ruleId}", PushRulePath.BASE + "{scope}/{kind}/{ruleId}/{attr}"},
        rateLimit = RateLimiter.MESSAGE)
public class PutPushRuleRoute implements Route {
    private final PushRules pushRules;

    @Activate
    public PutPushRuleRoute(@Reference PushRules pushRules) {
        this.pushRules = pushRules;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        PushRulePath path = PushRulePath.of(request);
        if (path.scope().isEmpty()) {
            throw MatrixException.invalidParam("A push rule scope is required");
        }
        PushRuleKind kind = path.requiredKind();
        String ruleId = path.requiredRuleId();
        JsonNode body = Bodies.object(request);
        if (path.attr().isEmpty()) {
            String before = request.queryParam("before").orElse(null);
            String after = request.queryParam("after").orElse(null);
            pushRules.change(me.userId(), rules -> rules.put(kind, ruleId, body, before, after));
        } else if ("enabled".equals(path.requiredAttr())) {
            JsonNode enabled = body.get("enabled");
            if (enabled == null || !enabled.isBoolean()) {
                throw MatrixException.badJson("enabled must be true or false");
            }
            pushRules.change(me.userId(), rules -> rules.setEnabled(kind, ruleId, enabled.asBoolean()));
        } else {
            pushRules.change(me.userId(), rules -> rules.setActions(kind, ruleId, body.get("actions")));
        }
        return RouteResponse.ok(Map.of());
    }
}
