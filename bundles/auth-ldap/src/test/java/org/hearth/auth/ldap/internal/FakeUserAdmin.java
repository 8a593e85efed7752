package org.hearth.auth.ldap.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.id.UserId;
import org.hearth.api.store.Account;

/** Core's account administration, in memory: records what the bundle asked for. */
final class FakeUserAdmin implements UserAdmin {
    final Map<UserId, Account> accounts = new ConcurrentHashMap<>();
    final List<String> deactivations = new CopyOnWriteArrayList<>();

    void add(UserId userId, String passwordHash) {
        accounts.put(userId, new Account(userId, passwordHash, null, false, false, System.currentTimeMillis()));
    }

    @Override
    public Optional<Account> account(UserId userId) {
        return Optional.ofNullable(accounts.get(userId));
    }

    @Override
    public void deactivate(UserId userId, String reason) {
        Account a = accounts.get(userId);
        accounts.put(userId, new Account(userId, null, a.displayName(), a.admin(), true, a.createdAt()));
        deactivations.add(userId + " " + reason);
    }

    @Override
    public void setAdmin(UserId userId, boolean admin, String reason) {
        throw new UnsupportedOperationException("the bundle hands the admin flag to core through the login");
    }

    @Override
    public void setDisplayName(UserId userId, String displayName) {
        throw new UnsupportedOperationException("the bundle hands the display name to core through the login");
    }
}
