package org.hearth.api.auth;

import java.util.Objects;

/**
 * An identity at an external provider that stands for a local account, such as a directory
 * entry: {@code provider} "ldap", {@code id} the entry's stable ID (not its DN, which changes on
 * a rename).
 */
public record ExternalId(String provider, String id) {
    public ExternalId {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(id, "id");
    }
}
