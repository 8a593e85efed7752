package org.hearth.core.internal.server;

import org.hearth.api.Clock;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link Clock} every server has: the system's. Ranked 0, so a test bundle can register a
 * clock of higher ranking that the components holding a greedy reference switch to at once.
 */
@Component(service = Clock.class, property = Constants.SERVICE_RANKING + ":Integer=0")
public class SystemClock implements Clock {
    @Override
    public long millis() {
        return System.currentTimeMillis();
    }
}
