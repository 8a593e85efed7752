package org.hearth.core.internal.account;

import java.util.Optional;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.id.UserId;
import org.hearth.api.store.Account;
import org.hearth.api.store.AccountStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link UserAdmin}: the store, plus eviction of cached sessions and one audit line per change. */
@Component(service = {UserAdmin.class, UserAdminService.class})
public class UserAdminService implements UserAdmin {
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");

    private final AccountStore accounts;
    private final Sessions sessions;

    @Activate
    public UserAdminService(@Reference AccountStore accounts, @Reference Sessions sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @Override
    public Optional<Account> account(UserId userId) {
        return accounts.find(userId);
    }

    @Override
    public void deactivate(UserId userId, String reason) {
        accounts.deactivate(userId);
        sessions.evict(userId);
        AUDIT.info("Account {} deactivated: {}", userId, reason);
    }

    @Override
    public void setAdmin(UserId userId, boolean admin, String reason) {
        accounts.setAdmin(userId, admin);
        sessions.evict(userId);
        AUDIT.info("Admin flag of {} set to {}: {}", userId, admin, reason);
    }

    @Override
    public void setDisplayName(UserId userId, String displayName) {
        accounts.setDisplayName(userId, displayName);
    }
}
