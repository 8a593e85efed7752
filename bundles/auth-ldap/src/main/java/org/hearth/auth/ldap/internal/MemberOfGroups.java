package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.HashSet;
import java.util.Set;

/**
 * Membership kept by the entries ({@code memberOf}, Active Directory or OpenLDAP's memberof
 * overlay): starts from the user's {@code memberOf} and reads each group's own {@code memberOf}
 * for the groups it is nested in, each group once.
 */
record MemberOfGroups(GroupPolicy policy) implements GroupResolver {
    @Override
    public Set<DN> groupsOf(LDAPInterface directory, DirectoryUser user) throws LDAPException {
        Set<DN> seen = new HashSet<>();
        Set<DN> level = parse(user.memberOf().toArray(String[]::new));
        for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
            Set<DN> next = new HashSet<>();
            for (DN group : level) {
                if (!seen.add(group)) {
                    continue;
                }
                SearchResultEntry entry = directory.getEntry(group.toString(), "memberOf");
                if (entry != null) {
                    next.addAll(parse(entry.getAttributeValues("memberOf")));
                }
            }
            next.removeAll(seen);
            level = next;
        }
        seen.retainAll(policy.watched());
        return seen;
    }

    private static Set<DN> parse(String[] values) {
        Set<DN> out = new HashSet<>();
        if (values != null) {
            for (String value : values) {
                try {
                    out.add(new DN(value));
                } catch (LDAPException notADn) {
                    // a malformed value names no group we could match
                }
            }
        }
        return out;
    }
}
