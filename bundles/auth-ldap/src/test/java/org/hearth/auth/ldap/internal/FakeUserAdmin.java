package org.hearth.auth.ldap.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearth.api.auth.DeviceInfo;
import org.hearth.api.auth.ExternalId;
import org.hearth.api.auth.UserAccount;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.UserId;

/**
 * Core's account administration, in memory, for the bundle's unit tests: records what the bundle
 * asked for. The integration tests (itests, org.hearth.itest.ldap) run the bundle against core.
 */
final class FakeUserAdmin implements UserAdmin {
    final Map<UserId, UserAccount> accounts = new ConcurrentHashMap<>();
    /** provider|external ID → account */
    final Map<String, UserId> links = new ConcurrentHashMap<>();
    final List<String> deactivations = new CopyOnWriteArrayList<>();

    void add(UserId userId, boolean localPassword) {
        accounts.put(userId, new UserAccount(userId, null, false, false, false, localPassword, System.currentTimeMillis()));
    }

    /** Links as core does after an accepted login; like storage, a link needs an existing account. */
    void link(ExternalId id, UserId userId) {
        if (!accounts.containsKey(userId)) {
            throw new IllegalStateException("no account " + userId);
        }
        links.put(id.provider() + "|" + id.id(), userId);
    }

    @Override
    public Optional<UserAccount> account(UserId userId) {
        return Optional.ofNullable(accounts.get(userId));
    }

    @Override
    public UserAccount create(UserId userId, String password, String displayName, boolean admin, String reason) {
        throw new UnsupportedOperationException("core creates accounts after an accepted login");
    }

    @Override
    public void deactivate(UserId userId, String reason) {
        UserAccount a = accounts.get(userId);
        accounts.put(userId, new UserAccount(userId, a.displayName(), a.admin(), true, false, false, a.createdAt()));
        deactivations.add(userId + " " + reason);
    }

    @Override
    public void setPassword(UserId userId, String password, boolean logoutDevices, String reason) {
        throw new UnsupportedOperationException("the bundle never sets passwords");
    }

    @Override
    public void setAdmin(UserId userId, boolean admin, String reason) {
        throw new UnsupportedOperationException("the bundle hands the admin flag to core through the login");
    }

    @Override
    public void setLocked(UserId userId, boolean locked, String reason) {
        throw new UnsupportedOperationException("the bundle never locks accounts");
    }

    @Override
    public void setSuspended(UserId userId, boolean suspended, String reason) {
        throw new UnsupportedOperationException("the bundle never suspends accounts");
    }

    @Override
    public void setDisplayName(UserId userId, String displayName) {
        throw new UnsupportedOperationException("the bundle hands the display name to core through the login");
    }

    @Override
    public List<DeviceInfo> devices(UserId userId) {
        return List.of();
    }

    @Override
    public void logout(UserId userId, List<DeviceId> devices, String reason) {
        throw new UnsupportedOperationException("deactivation ends sessions");
    }

    @Override
    public void logoutAll(UserId userId, String reason) {
        throw new UnsupportedOperationException("deactivation ends sessions");
    }

    @Override
    public Optional<UserId> findByExternalId(ExternalId externalId) {
        return Optional.ofNullable(links.get(externalId.provider() + "|" + externalId.id()));
    }

    @Override
    public Map<String, UserId> externalIds(String provider) {
        Map<String, UserId> out = new HashMap<>();
        links.forEach((key, user) -> {
            if (key.startsWith(provider + "|")) {
                out.put(key.substring(provider.length() + 1), user);
            }
        });
        return out;
    }

    @Override
    public void unlink(ExternalId externalId) {
        links.remove(externalId.provider() + "|" + externalId.id());
    }
}
