package org.hearth.auth.ldap.internal;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hearth.api.id.UserId;
import org.hearth.api.store.ExternalIdStore;
import org.hearth.api.store.StoreException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links accounts to their directory entries in storage's {@link ExternalIdStore} (provider
 * {@value #PROVIDER}), so that the sync finds them again.
 *
 * <p>A link names an existing account, and at a first login the account does not exist yet:
 * core creates it once the authenticator has answered. Such a link is retried a few times on
 * this component's own thread until the account is there.
 */
@Component(service = AccountLinks.class)
public final class AccountLinks {
    static final String PROVIDER = "ldap";
    private static final Logger LOG = LoggerFactory.getLogger(AccountLinks.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");
    /** Waits before each retry of a link whose account core is still creating. */
    private static final long[] RETRY_MS = {100, 400, 1_000, 3_000, 10_000, 30_000};

    /** Storage's; while it is absent logins work and nothing is linked. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ExternalIdStore externalIds;

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hearth-ldap-links");
        thread.setDaemon(true);
        return thread;
    });

    /** Links now when the account exists, else soon after core has created it. */
    void link(DirectoryUser user, UserId userId, boolean accountExists) {
        if (accountExists) {
            attempt(user, userId, -1);
        } else {
            retries.schedule(() -> attempt(user, userId, 0), RETRY_MS[0], TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(DirectoryUser user, UserId userId, int retry) {
        ExternalIdStore store = externalIds;
        if (store == null) {
            return;
        }
        try {
            if (!store.find(PROVIDER, user.id()).equals(Optional.of(userId))) {
                store.link(PROVIDER, user.id(), userId);
                AUDIT.info("ldap link {} to entry {} (id {})", userId, user.dn(), user.id());
            }
        } catch (StoreException e) {
            if (retry >= 0 && retry + 1 < RETRY_MS.length) {
                retries.schedule(() -> attempt(user, userId, retry + 1), RETRY_MS[retry + 1], TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("Could not link {} to its directory entry {}; the sync will not see it until the next login",
                        userId, user.dn(), e);
            }
        }
    }

    @Deactivate
    void stop() {
        retries.shutdownNow();
    }
}
