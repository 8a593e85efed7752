package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import java.util.Set;

/**
 * Finds which of the watched groups ({@code required_groups} ∪ {@code admin_groups}) a user is
 * in, directly or through nested groups.
 */
interface GroupResolver {
    /** Nested groups deeper than this are not followed (a guard against runaway nesting). */
    int MAX_DEPTH = 16;

    Set<DN> groupsOf(LDAPInterface directory, DirectoryUser user) throws LDAPException;

    static GroupResolver of(GroupPolicy policy) {
        if (policy.watched().isEmpty()) {
            return (directory, user) -> Set.of();
        }
        return switch (policy.membership()) {
            case MEMBER -> new MemberGroups(policy);
            case MEMBER_OF -> new MemberOfGroups(policy);
            case AD_CHAIN -> new InChainGroups(policy);
        };
    }
}
