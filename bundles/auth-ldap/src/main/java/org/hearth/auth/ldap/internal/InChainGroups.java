package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.HashSet;
import java.util.Set;

/**
 * Active Directory: the server follows nesting itself with the matching rule
 * LDAP_MATCHING_RULE_IN_CHAIN (OID 1.2.840.113556.1.4.1941). For each watched group, a base
 * search on the user's entry with {@code (memberOf:1.2.840.113556.1.4.1941:=<group DN>)} returns
 * the entry when the user is in the group at any depth.
 */
record InChainGroups(GroupPolicy policy) implements GroupResolver {
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
    @Override
    public Set<DN> groupsOf(LDAPInterface directory, DirectoryUser user) throws LDAPException {
        Set<DN> in = new HashSet<>();
        for (DN group : policy.watched()) {
            Filter filter = Filter.createExtensibleMatchFilter("memberOf", IN_CHAIN, false, group.toString());
            if (directory.searchForEntry(user.dn().toString(), SearchScope.BASE, filter, "1.1") != null) {
                in.add(group);
            }
        }
        return in;
    }
}
