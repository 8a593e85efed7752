package org.hearth.storage.sql.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link AccountStore} on the {@link Database}. */
@Component(service = AccountStore.class)
public final class SqlAccountStore implements AccountStore {
    private final Database database;
    private final KeyCountsKept keyCounts;

    @Activate
    public SqlAccountStore(@Reference Database database, @Reference KeyCountsKept keyCounts) {
        this.database = database;
        this.keyCounts = keyCounts;
    }

    @Override
    public boolean create(Account account) {
        return database.writeResult("AccountStore.create", AccountMapper.class, m -> m.insert(account) == 1);
    }

    @Override
    public boolean create(Account account, String provider, String externalId) {
        return database.transaction("AccountStore.create", session -> {
            if (session.getMapper(AccountMapper.class).insert(account) != 1) {
                return false;
            }
            session.getMapper(ExternalIdMapper.class).upsert(provider, externalId, account.userId(), account.createdAt());
            return true;
        });
    }

    @Override
    public Optional<Account> find(UserId userId) {
        return database.read("AccountStore.find", AccountMapper.class, m -> m.find(userId));
    }

    @Override
    public void setPasswordHash(UserId userId, String passwordHash) {
        database.write("AccountStore.setPasswordHash", AccountMapper.class, m -> m.setPasswordHash(userId, passwordHash));
    }

    @Override
    public void setDisplayName(UserId userId, String displayName) {
        database.write("AccountStore.setDisplayName", AccountMapper.class, m -> m.setDisplayName(userId, displayName));
    }

    @Override
    public void setAdmin(UserId userId, boolean admin) {
        database.write("AccountStore.setAdmin", AccountMapper.class, m -> m.setAdmin(userId, admin));
    }

    @Override
    public void setLocked(UserId userId, boolean locked) {
        database.write("AccountStore.setLocked", AccountMapper.class, m -> m.setLocked(userId, locked));
    }

    @Override
    public void setSuspended(UserId userId, boolean suspended) {
        database.write("AccountStore.setSuspended", AccountMapper.class, m -> m.setSuspended(userId, suspended));
    }

    @Override
    public boolean upgradeGuest(UserId userId, String passwordHash) {
        return database.writeResult("AccountStore.upgradeGuest", AccountMapper.class, m -> m.upgradeGuest(userId, passwordHash)) == 1;
    }

    @Override
    public void deactivate(UserId userId) {
        try (WritesUnderWay.Begun write = keyCounts.begin(List.of(userId))) { // the devices' keys go with them
            database.write("AccountStore.deactivate", AccountMapper.class, m -> {
                m.deactivate(userId);
                m.deleteDevices(userId);
                m.deletePushers(userId);
            });
        }
    }

    @Override
    public void markErased(UserId userId) {
        database.write("AccountStore.markErased", AccountMapper.class, m -> {
            m.markErased(userId);
            m.deleteAccountData(userId);
            m.deleteProfileFields(userId);
            m.deletePushRules(userId);
            m.deleteKeyBackups(userId);
        });
    }

    @Override
    public List<UserId> deactivatedInRooms(UserId after, int limit) {
        String from = after == null ? "" : after.toString();
        return database.read("AccountStore.deactivatedInRooms", AccountMapper.class,
                m -> m.deactivatedInRooms(from, limit));
    }

    @Override
    public Set<UserId> erased(Collection<UserId> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return database.read("AccountStore.erased", AccountMapper.class, m -> {
            Set<UserId> out = new HashSet<>();
            for (List<UserId> chunk : Chunks.of(new LinkedHashSet<>(userIds))) {
                out.addAll(m.erased(chunk));
            }
            return out;
        });
    }
}
