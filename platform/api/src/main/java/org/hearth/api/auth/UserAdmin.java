package org.hearth.api.auth;

import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.store.Account;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Account administration for bundles (directory sync, admin APIs, scripts), provided by core.
 * Going through this service rather than the stores keeps core's session cache and the audit
 * log right: a deactivated user's tokens stop working at once.
 */
@ProviderType
public interface UserAdmin {

    Optional<Account> account(UserId userId);

    /** Deactivates the account and revokes every device and token; audited with the reason. */
    void deactivate(UserId userId, String reason);

    /** Grants or removes server admin rights; audited with the reason. */
    void setAdmin(UserId userId, boolean admin, String reason);

    void setDisplayName(UserId userId, String displayName);
}
