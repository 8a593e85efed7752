package org.hearth.itest.echo.internal;

import org.hearth.api.event.EventPolicy;
import org.hearth.api.event.ProposedEvent;
import org.hearth.api.event.Verdict;
import org.osgi.service.component.annotations.Component;

/** An {@link EventPolicy} from outside core: refuses messages whose body contains "forbidden-word". */
@Component
public class ForbiddenWordPolicy implements EventPolicy {

    @Override
    public Verdict check(ProposedEvent proposed) {
        String body = proposed.event().content().path("body").asText("");
        return body.contains("forbidden-word") ? Verdict.deny("The echo bundle does not allow that word") : Verdict.ALLOW;
    }
}
