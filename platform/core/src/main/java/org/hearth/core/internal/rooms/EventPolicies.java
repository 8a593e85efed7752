package org.hearth.core.internal.rooms;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.event.EventPolicy;
import org.hearth.api.event.ProposedEvent;
import org.hearth.api.event.Verdict;
import org.hearth.core.internal.util.RankedServices;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@link EventPolicy} services, asked in ranking order; the first refusal wins. */
@Component(service = EventPolicies.class)
public class EventPolicies {
    private final RankedServices<EventPolicy> policies = new RankedServices<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPolicy(EventPolicy policy, Map<String, Object> properties) {
        policies.add(policy, properties);
    }

    void removePolicy(EventPolicy policy) {
        policies.remove(policy);
    }

    /** Throws the first refusal as the Matrix error the policy chose. */
    public void check(ProposedEvent event) throws Refused {
        for (EventPolicy policy : policies.inOrder()) {
            if (policy.check(event) instanceof Verdict.Deny deny) {
                throw new Refused(deny);
            }
        }
    }

    /** A policy's refusal: the answer wherever the event goes, so nothing retries it elsewhere. */
    public static final class Refused extends MatrixException {
        private static final long serialVersionUID = 1L;

        Refused(Verdict.Deny deny) {
            super(deny.status(), deny.errcode(), deny.reason());
        }
    }
}
