package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Membership kept by the groups ({@code groupOfNames}/{@code member} on OpenLDAP): searches the
 * groups that list the user, then the groups that list those, level by level, each group once
 * (so membership cycles end).
 */
record MemberGroups(GroupPolicy policy) implements GroupResolver {
    @Override
    public Set<DN> groupsOf(LDAPInterface directory, DirectoryUser user) throws LDAPException {
        Set<DN> seen = new HashSet<>();
        Set<DN> level = Set.of(user.dn());
        for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
            List<Filter> listing = level.stream()
                    .map(dn -> Filter.createEqualityFilter(policy.memberAttribute(), dn.toString()))
                    .toList();
            Filter filter = Filter.createANDFilter(policy.filter(), Filter.createORFilter(listing));
            // "1.1": no attributes, the DNs are all that is needed
            SearchRequest request = new SearchRequest(policy.baseDn().toString(), SearchScope.SUB, filter, "1.1");
            Set<DN> next = new HashSet<>();
            for (SearchResultEntry group : directory.search(request).getSearchEntries()) {
                DN dn = group.getParsedDN();
                if (seen.add(dn)) {
                    next.add(dn);
                }
            }
            level = next;
        }
        seen.retainAll(policy.watched());
        return seen;
    }
}
