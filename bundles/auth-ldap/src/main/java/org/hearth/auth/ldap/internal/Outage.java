package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.LDAPException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs when the directory becomes unreachable and when it is back: one line each way, rather
 * than one per login while it is down.
 */
final class Outage {
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);
    private final AtomicBoolean down = new AtomicBoolean();

    void failed(String operation, LDAPException e) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("LDAP directory unavailable ({}: {} {}); directory logins answer 503 until it is back",
                    operation, e.getResultCode(), e.getMessage());
        } else {
            LOG.debug("LDAP directory still unavailable ({}: {})", operation, e.getMessage());
        }
    }

    void answered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("LDAP directory reachable again");
        }
    }
}
