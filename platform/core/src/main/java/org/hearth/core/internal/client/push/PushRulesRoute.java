package org.hearth.core.internal.client.push;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.push.PushRuleKind;
import org.hearth.core.internal.push.PushRuleSet;
import org.hearth.core.internal.push.PushRules;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/pushrules/{scope}/{kind}/{ruleId}/{attr}, and its shorter forms
 *
 * <ul>
 *   <li>{@code /pushrules/}: every ruleset ({@code global}); {@code /pushrules/global/}: the
 *       global ruleset; {@code /pushrules/global/{kind}/}: the rules of a kind, in order.</li>
 *   <li>{@code /pushrules/global/{kind}/{ruleId}}: one rule, 404 when unknown; with
 *       {@code /enabled} or {@code /actions}: that attribute.</li>
 *   <li>A form without its trailing slash, an unknown scope, kind or attribute: 400.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = {PushRulePath.BASE + "{scope}", PushRulePath.BASE + "{scope}/{kind}",
        PushRulePath.BASE + "{scope}/{kind}/{ruleId}", PushRulePath.BASE + "{scope}/{kind}/{ruleId}/{attr}"})
public class PushRulesRoute implements Route {
    private final PushRules pushRules;

    @Activate
    public PushRulesRoute(@Reference PushRules pushRules) {
        this.pushRules = pushRules;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        PushRulePath path = PushRulePath.of(request);
        if (path.scope().isEmpty()) {
            return RouteResponse.ok(Map.of("global", pushRules.of(me.userId()).global()));
        }
        if (path.kind().isEmpty()) {
            throw MatrixException.invalidParam("A push rule scope is written with a trailing slash");
        }
        if (path.kind().get().isEmpty()) {
            return RouteResponse.ok(pushRules.of(me.userId()).global());
        }
        PushRuleKind kind = path.requiredKind();
        if (path.ruleId().isEmpty()) {
            throw MatrixException.invalidParam("A push rule kind is written with a trailing slash");
        }
        PushRuleSet rules = pushRules.of(me.userId());
        if (path.ruleId().get().isEmpty()) {
            return RouteResponse.ok(rules.rules(kind));
        }
        if (path.attr().isPresent()) {
            String attr = path.requiredAttr();
            return RouteResponse.ok(Map.of(attr, rules.rule(kind, path.ruleId().get()).get(attr)));
        }
        return RouteResponse.ok(rules.rule(kind, path.ruleId().get()));
    }
}
