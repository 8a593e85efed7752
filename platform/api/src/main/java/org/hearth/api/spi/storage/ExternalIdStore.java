package org.hearth.api.spi.storage;

import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Which local account stands for an identity at an external provider, such as a directory
 * entry for LDAP ({@code provider} "ldap", {@code externalId} the entry's stable ID). Lets a
 * provider find its accounts again, e.g. to deactivate those removed from the directory.
 */
@ConsumerType
public interface ExternalIdStore {

    /** Links the external identity to the account, replacing an earlier link of that identity. */
    void link(String provider, String externalId, UserId userId);

    Optional<UserId> find(String provider, String externalId);

    /** Every link of the provider: external ID → account. */
    Map<String, UserId> all(String provider);

    void unlink(String provider, String externalId);
}
