package org.hearth.core.internal.account;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.DeviceInfo;
import org.hearth.api.auth.ExternalId;
import org.hearth.api.auth.UserAccount;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.Device;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.api.spi.storage.ExternalIdStore;
import org.hearth.core.internal.rooms.DeactivatedLeaves;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UserAdmin}: account changes for bundles and core's own endpoints, each followed by the
 * eviction of cached sessions it needs and one audit line.
 */
@Component(service = {UserAdmin.class, UserAdminService.class})
public class UserAdminService implements UserAdmin {
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");

    private final AccountStore accounts;
    private final DeviceStore devices;
    private final ExternalIdStore externalIds;
    private final Sessions sessions;
    private final Registrar registrar;
    private final PasswordHasher hasher;
    private final LocalServer server;
    private final DeactivatedLeaves leaves;
    private final LastSeen lastSeen;

    @Activate
    public UserAdminService(@Reference AccountStore accounts, @Reference DeviceStore devices,
                            @Reference ExternalIdStore externalIds, @Reference Sessions sessions,
                            @Reference Registrar registrar, @Reference PasswordHasher hasher,
                            @Reference LocalServer server, @Reference DeactivatedLeaves leaves,
                            @Reference LastSeen lastSeen) {
        this.accounts = accounts;
        this.devices = devices;
        this.externalIds = externalIds;
        this.sessions = sessions;
        this.registrar = registrar;
        this.hasher = hasher;
        this.server = server;
        this.leaves = leaves;
        this.lastSeen = lastSeen;
    }

    static UserAccount view(Account account) {
        return new UserAccount(account.userId(), account.displayName(), account.admin(), account.deactivated(),
                account.guest(), account.passwordHash() != null, account.createdAt(), account.locked(),
                account.suspended());
    }

    @Override
    public Optional<UserAccount> account(UserId userId) {
        return accounts.find(userId).map(UserAdminService::view);
    }

    @Override
    public UserAccount create(UserId userId, String password, String displayName, boolean admin, String reason)
            throws MatrixException {
        if (!server.isLocal(userId)) {
            throw MatrixException.invalidParam(userId + " is not a user of this server");
        }
        registrar.create(userId.localpart(), password, displayName, admin, reason);
        return account(userId).orElseThrow();
    }

    @Override
    public void deactivate(UserId userId, String reason) {
        accounts.deactivate(userId);
        sessions.evict(userId);
        leaves.leaveAll(userId);
        AUDIT.info("Account {} deactivated: {}", userId, reason);
    }

    @Override
    public void setPassword(UserId userId, String password, boolean logoutDevices, String reason)
            throws MatrixException {
        if (password == null || password.isEmpty() || password.length() > PasswordHasher.MAX_PASSWORD_LENGTH) {
            throw new MatrixException(400, "M_WEAK_PASSWORD",
                    "The password must have 1 to " + PasswordHasher.MAX_PASSWORD_LENGTH + " characters");
        }
        accounts.setPasswordHash(userId, hasher.hash(password));
        if (logoutDevices) {
            sessions.deleteDevices(userId, devices.devices(userId).stream().map(Device::deviceId).toList());
        }
        AUDIT.info("Password of {} set{}: {}", userId, logoutDevices ? ", every session ended" : "", reason);
    }

    @Override
    public void setAdmin(UserId userId, boolean admin, String reason) {
        accounts.setAdmin(userId, admin);
        sessions.evict(userId);
        AUDIT.info("Admin flag of {} set to {}: {}", userId, admin, reason);
    }

    @Override
    public void setLocked(UserId userId, boolean locked, String reason) {
        accounts.setLocked(userId, locked);
        sessions.evict(userId);
        AUDIT.info("Account {} {}: {}", userId, locked ? "locked" : "unlocked", reason);
    }

    @Override
    public void setSuspended(UserId userId, boolean suspended, String reason) {
        accounts.setSuspended(userId, suspended);
        sessions.evict(userId);
        AUDIT.info("Account {} {}: {}", userId, suspended ? "suspended" : "no longer suspended", reason);
    }

    @Override
    public void setDisplayName(UserId userId, String displayName) {
        accounts.setDisplayName(userId, displayName);
    }

    @Override
    public List<DeviceInfo> devices(UserId userId) {
        return devices.devices(userId).stream().map(lastSeen::current)
                .map(d -> new DeviceInfo(new DeviceId(d.deviceId()), d.displayName(), d.lastSeenAt(), d.lastSeenIp(),
                        d.lastSeenUserAgent()))
                .toList();
    }

    @Override
    public void logout(UserId userId, List<DeviceId> deviceIds, String reason) {
        sessions.deleteDevices(userId, deviceIds.stream().map(DeviceId::value).toList());
        AUDIT.info("Devices {} of {} logged out: {}", deviceIds, userId, reason);
    }

    @Override
    public void logoutAll(UserId userId, String reason) {
        sessions.deleteDevices(userId, devices.devices(userId).stream().map(Device::deviceId).toList());
        AUDIT.info("Every session of {} ended: {}", userId, reason);
    }

    @Override
    public Optional<UserId> findByExternalId(ExternalId externalId) {
        return externalIds.find(externalId.provider(), externalId.id());
    }

    @Override
    public Map<String, UserId> externalIds(String provider) {
        return externalIds.all(provider);
    }

    @Override
    public void unlink(ExternalId externalId) {
        externalIds.unlink(externalId.provider(), externalId.id());
        AUDIT.info("External identity {}:{} unlinked", externalId.provider(), externalId.id());
    }
}
