package org.hearth.auth.ldap.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.id.UserId;
import org.hearth.api.auth.ExternalId;
import org.hearth.api.auth.UserAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the directory sync: every account linked to a directory entry (provider
 * {@value AccountLinks#PROVIDER}) whose entry is gone, or disabled (Active Directory's
 * {@code userAccountControl} bit 0x2), is deactivated through {@link UserAdmin} (core revokes its
 * tokens) and unlinked; each one is an audit line.
 *
 * <p>A directory that lists no user at all is taken for a configuration mistake or a broken
 * server, not for everyone leaving: nothing is deactivated then.
 */
final class SyncPass {
    private static final Logger LOG = LoggerFactory.getLogger(SyncPass.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");

    /** What one run did. */
    record Result(int entries, int linked, int deactivated) {}

    private final Directory directory;
    private final UserAdmin userAdmin;

    SyncPass(Directory directory, UserAdmin userAdmin) {
        this.directory = directory;
        this.userAdmin = userAdmin;
    }

    Result run() throws DirectoryUnavailableException {
        Map<String, UserId> links = userAdmin.externalIds(LdapAuthenticator.PROVIDER);
        if (links.isEmpty()) {
            return new Result(0, 0, 0);
        }
        // entry ID → disabled, for the linked entries; the IDs of all, to count them once each
        Map<String, Boolean> entries = new HashMap<>();
        Set<String> listed = new HashSet<>();
        directory.forEachUser(user -> {
            listed.add(user.id());
            if (links.containsKey(user.id())) {
                entries.put(user.id(), user.disabled());
            }
        });
        if (listed.isEmpty()) {
            LOG.warn("LDAP sync: the directory lists no user under {} matching auth_ldap.user_filter; "
                    + "nothing deactivated", directory.config().baseDn());
            return new Result(0, links.size(), 0);
        }
        int deactivated = 0;
        for (Map.Entry<String, UserId> link : links.entrySet()) {
            Boolean disabled = entries.get(link.getKey());
            if (disabled == null) {
                // Not listed: asked once more by ID, as a listing paged while the directory
                // changed can miss entries, and deactivating cannot be undone.
                disabled = directory.findById(link.getKey()).map(DirectoryUser::disabled).orElse(null);
            }
            if (disabled == null || disabled) {
                String reason = disabled == null ? "removed from the directory" : "disabled in the directory";
                if (deactivate(link.getValue(), reason)) {
                    deactivated++;
                }
                userAdmin.unlink(new ExternalId(LdapAuthenticator.PROVIDER, link.getKey()));
            }
        }
        return new Result(listed.size(), links.size(), deactivated);
    }

    private boolean deactivate(UserId userId, String reason) {
        Optional<UserAccount> account = userAdmin.account(userId);
        if (account.isEmpty() || account.get().deactivated()) {
            return false;
        }
        userAdmin.deactivate(userId, "LDAP sync: " + reason);
        AUDIT.info("ldap sync deactivated {}: {}", userId, reason);
        return true;
    }
}
