package org.hearth.auth.ldap.internal;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.hearth.api.config.ConfigException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LDAP or Active Directory server(s) of the {@code auth_ldap:} section: finds users, checks
 * passwords by binding as them, resolves their groups, and lists every user for the sync.
 *
 * <p>Exists only while the section is configured and valid; a wrong value keeps it (and so the
 * authenticator and the sync) inactive, with an error line naming {@code auth_ldap.<key>}.
 * Service of this bundle only: its package is not exported.
 */
@Component(service = Directory.class, configurationPid = LdapConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AuthLdapConfig.class)
public final class Directory {
    private static final Logger LOG = LoggerFactory.getLogger(Directory.class);
    private static final int PAGE_SIZE = 500;

    private final LdapConfig config;
    private final Connections connections;
    private final GroupResolver groups;
    private final GroupResolver roomGroups;
    private final Outage outage = new Outage();
    /** Binding here when a name is unknown makes the answer take about as long as for a wrong password. */
    private final String decoyDn;

    @Activate
    public Directory(Map<String, Object> properties) {
        this(checked(properties));
        LOG.info("LDAP login ready: {} (base {}, {} binds{})", config.uris(), config.baseDn(),
                config.bindDnTemplate().isPresent() ? "direct" : "search-then",
                config.allowLocalFallback() ? ", local accounts as fallback" : "");
    }

    Directory(LdapConfig config) {
        this.config = config;
        this.connections = Connections.open(config);
        this.groups = GroupResolver.of(config.groups());
        this.roomGroups = GroupResolver.of(config.groups().watching(config.groupRooms().rooms().keySet()));
        this.decoyDn = "cn=hearth-no-such-user," + config.baseDn();
    }

    private static LdapConfig checked(Map<String, Object> properties) {
        try {
            return LdapConfig.parse(properties);
        } catch (ConfigException e) {
            LOG.error("LDAP login is off: {}", e.getMessage());
            throw e;
        }
    }

    LdapConfig config() {
        return config;
    }

    /**
     * Checks a name and a (non-empty) password: search-then-bind, or a direct bind with
     * {@code bind_dn_template}; for a verified user also finds the watched groups.
     */
    BindOutcome authenticate(String name, String password) throws DirectoryUnavailableException {
        if (password.isEmpty()) {
            // An empty password would be an "unauthenticated" bind that many servers accept (RFC 4513, 5.1.2).
            throw new IllegalArgumentException("empty password");
        }
        if (config.bindDnTemplate().isPresent()) {
            return bindDirectly(config.bindDnTemplate().get().dnFor(name), password);
        }
        Optional<DirectoryUser> user = find(name);
        if (user.isEmpty()) {
            bindOnce(decoyDn, password);
            return new BindOutcome.Unknown();
        }
        if (!bindOnce(user.get().dn().toString(), password)) {
            return new BindOutcome.WrongPassword();
        }
        try {
            return new BindOutcome.Verified(user.get(), groups.groupsOf(connections.lookups, user.get()));
        } catch (LDAPException e) {
            throw unavailable("group search", e);
        }
    }

    /** The user whose login attribute equals the name; the name is an assertion value, never filter text. */
    Optional<DirectoryUser> find(String name) throws DirectoryUnavailableException {
        Filter filter = Filter.createANDFilter(config.userFilter(),
                Filter.createEqualityFilter(config.attributes().login(), name));
        SearchRequest request = new SearchRequest(config.baseDn().toString(), SearchScope.SUB, filter,
                requestedAttributes());
        request.setSizeLimit(2);
        List<SearchResultEntry> entries;
        try {
            entries = connections.lookups.search(request).getSearchEntries();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                LOG.warn("LDAP: more than one entry has {}={}; refusing the login (check auth_ldap.user_filter)",
                        config.attributes().login(), name);
                return Optional.empty();
            }
            throw unavailable("user search", e);
        }
        outage.answered();
        if (entries.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(user(entries.get(0)));
    }

    /** The user entry with this stable ID (see {@link DirectoryUser#id}), if it is still a user. */
    Optional<DirectoryUser> findById(String id) throws DirectoryUnavailableException {
        String base = config.baseDn().toString();
        SearchScope scope = SearchScope.SUB;
        Filter filter = config.userFilter();
        if (id.startsWith(DirectoryUser.DN_ID)) {
            base = id.substring(DirectoryUser.DN_ID.length());
            scope = SearchScope.BASE;
        } else {
            String attribute = config.attributes().id();
            filter = Filter.createANDFilter(filter, config.attributes().binaryId()
                    ? Filter.createEqualityFilter(attribute, HexFormat.of().parseHex(id))
                    : Filter.createEqualityFilter(attribute, id));
        }
        // memberOf too: the group rooms resolve the groups of entries found here
        SearchRequest request = new SearchRequest(base, scope, filter, requestedAttributes());
        request.setSizeLimit(2);
        try {
            List<SearchResultEntry> entries = connections.lookups.search(request).getSearchEntries();
            outage.answered();
            return entries.size() == 1 ? Optional.of(user(entries.get(0))) : Optional.empty();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Optional.empty();
            }
            throw unavailable("user lookup", e);
        }
    }

    /**
     * Every user entry of {@code user_filter} under {@code base_dn}, page by page. An entry may
     * be handed over twice when the listing had to start again on a new connection.
     */
    void forEachUser(Consumer<DirectoryUser> action) throws DirectoryUnavailableException {
        Filter filter = Filter.createANDFilter(config.userFilter(),
                Filter.createPresenceFilter(config.attributes().login()));
        SearchRequest request = new SearchRequest(config.baseDn().toString(), SearchScope.SUB, filter,
                config.attributes().id(), UserAttributes.USER_ACCOUNT_CONTROL);
        // A paging cookie belongs to its connection, so one connection serves every page.
        withConnection(connections.lookups, "user listing", connection -> {
            ASN1OctetString cookie = null;
            do {
                request.setControls(new SimplePagedResultsControl(PAGE_SIZE, cookie));
                SearchResult page = connection.search(request);
                for (SearchResultEntry entry : page.getSearchEntries()) {
                    action.accept(DirectoryUser.from(entry, config.attributes()));
                }
                SimplePagedResultsControl paging = SimplePagedResultsControl.get(page);
                cookie = paging != null && paging.moreResultsToReturn() ? paging.getCookie() : null;
            } while (cookie != null);
            return null;
        });
    }

    /** Which of the {@code sync.group_rooms} groups the user is in, directly or through nested groups. */
    Set<DN> roomGroupsOf(DirectoryUser user) throws DirectoryUnavailableException {
        return withConnection(connections.lookups, "group search", connection -> roomGroups.groupsOf(connection, user));
    }

    /** The user attributes to read, with {@code memberOf} when group membership is read from it. */
    private String[] requestedAttributes() {
        return config.attributes().requested(config.groups().membership() == GroupMembership.MEMBER_OF);
    }

    /** One bind on a connection of the bind pool; false when the directory refused the password. */
    private boolean bindOnce(String dn, String password) throws DirectoryUnavailableException {
        return withConnection(connections.binds, "bind", connection -> bind(connection, dn, password));
    }

    /** Direct bind: the entry and its groups are read over the user's own connection. */
    private BindOutcome bindDirectly(DN dn, String password) throws DirectoryUnavailableException {
        return withConnection(connections.binds, "bind", connection -> {
            if (!bind(connection, dn.toString(), password)) {
                return new BindOutcome.Unknown();
            }
            SearchResultEntry entry = connection.searchForEntry(dn.toString(), SearchScope.BASE, config.userFilter(),
                    requestedAttributes());
            if (entry == null) {
                return new BindOutcome.Unknown();
            }
            DirectoryUser user = DirectoryUser.from(entry, config.attributes());
            return new BindOutcome.Verified(user, groups.groupsOf(connection, user));
        });
    }

    private interface ConnectionTask<T> {
        T run(LDAPConnection connection) throws LDAPException;
    }

    /** Runs the task on a connection of the pool; a connection the server had closed is replaced once. */
    private <T> T withConnection(LDAPConnectionPool pool, String operation, ConnectionTask<T> task)
            throws DirectoryUnavailableException {
        for (int attempt = 1; ; attempt++) {
            LDAPConnection connection;
            try {
                connection = pool.getConnection();
            } catch (LDAPException e) {
                throw unavailable(operation, e);
            }
            try {
                T result = task.run(connection);
                pool.releaseConnection(connection);
                outage.answered();
                return result;
            } catch (LDAPException e) {
                pool.releaseConnectionAfterException(connection, e);
                if (attempt == 1 && e.getResultCode() == ResultCode.SERVER_DOWN) {
                    continue;
                }
                throw unavailable(operation, e);
            }
        }
    }

    /**
     * Binds; false for a refused password (invalid credentials, or a refusal such as a locked
     * account), an exception when the directory could not answer.
     */
    private static boolean bind(LDAPConnection connection, String dn, String password) throws LDAPException {
        try {
            connection.bind(new SimpleBindRequest(dn, password));
            return true;
        } catch (LDAPException e) {
            if (isOutage(e)) {
                throw e;
            }
            return false;
        }
    }

    private DirectoryUser user(SearchResultEntry entry) throws DirectoryUnavailableException {
        try {
            return DirectoryUser.from(entry, config.attributes());
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException("the directory returned an entry with a malformed DN", e);
        }
    }

    private static boolean isOutage(LDAPException e) {
        ResultCode code = e.getResultCode();
        return !ResultCode.isConnectionUsable(code) || code == ResultCode.TIMEOUT || code == ResultCode.BUSY
                || code == ResultCode.UNAVAILABLE;
    }

    private DirectoryUnavailableException unavailable(String operation, LDAPException e) {
        outage.failed(operation, e);
        return new DirectoryUnavailableException("LDAP " + operation + " failed: " + e.getResultCode() + ": "
                + e.getMessage(), e);
    }

    @Deactivate
    void close() {
        connections.close();
    }
}
