package org.hearth.testkit.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays Active Directory's LDAP_MATCHING_RULE_IN_CHAIN in the in-memory server, which does not
 * know it: {@code (memberOf:1.2.840.113556.1.4.1941:=G)} in a base search becomes true or false
 * by following {@code memberOf} from the base entry through nested groups. Also records every
 * search filter and bind DN, to check what Hearth sends.
 */
final class InChainInterceptor extends InMemoryOperationInterceptor {
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
    final List<Filter> filters = new CopyOnWriteArrayList<>();
    final List<String> binds = new CopyOnWriteArrayList<>();
    private volatile InMemoryDirectoryServer server;

    void attach(InMemoryDirectoryServer directory) {
        this.server = directory;
    }

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
        Filter filter = request.getRequest().getFilter();
        filters.add(filter);
        Filter rewritten = rewrite(filter, request.getRequest().getBaseDN());
        if (rewritten != filter) {
            SearchRequest copy = request.getRequest().duplicate();
            copy.setFilter(rewritten);
            request.setRequest(copy);
        }
    }

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
        binds.add(request.getRequest().getBindDN());
    }

    private Filter rewrite(Filter filter, String base) throws LDAPException {
        switch (filter.getFilterType()) {
            case Filter.FILTER_TYPE_EXTENSIBLE_MATCH:
                if (IN_CHAIN.equals(filter.getMatchingRuleID())) {
                    Filter always = Filter.createPresenceFilter("objectClass");
                    return inChain(new DN(base), new DN(filter.getAssertionValue())) ? always : Filter.createNOTFilter(always);
                }
                return filter;
            case Filter.FILTER_TYPE_AND:
            case Filter.FILTER_TYPE_OR:
                Filter[] parts = filter.getComponents();
                boolean changed = false;
                for (int i = 0; i < parts.length; i++) {
                    Filter part = rewrite(parts[i], base);
                    changed |= part != parts[i];
                    parts[i] = part;
                }
                if (!changed) {
                    return filter;
                }
                return filter.getFilterType() == Filter.FILTER_TYPE_AND ? Filter.createANDFilter(parts) : Filter.createORFilter(parts);
            default:
                return filter;
        }
    }

    private boolean inChain(DN entry, DN group) throws LDAPException {
        Set<DN> seen = new HashSet<>();
        Deque<DN> todo = new ArrayDeque<>(List.of(entry));
        while (!todo.isEmpty()) {
            Entry current = server.getEntry(todo.pop().toString());
            String[] parents = current == null ? null : current.getAttributeValues("memberOf");
            for (String parent : parents == null ? new String[0] : parents) {
                DN dn = new DN(parent);
                if (dn.equals(group)) {
                    return true;
                }
                if (seen.add(dn)) {
                    todo.push(dn);
                }
            }
        }
        return false;
    }
}
