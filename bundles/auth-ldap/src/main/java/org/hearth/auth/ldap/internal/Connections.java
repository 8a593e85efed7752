package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.hearth.api.net.PemTrust;

/**
 * The two connection pools to the directory, over every server of {@code auth_ldap.uris} in
 * fail-over order: {@link #lookups} bound as {@code bind_dn} (or anonymous) for searches, and
 * {@link #binds} whose connections are bound as the user logging in to check a password.
 *
 * <p>A pool is created even when no server answers, so the bundle starts while the directory
 * is down; every operation then fails within the timeouts rather than hanging.
 */
final class Connections implements AutoCloseable {
    /** Connections move back to a recovered first server within this time. */
    private static final long MAX_CONNECTION_AGE_MS = 10 * 60_000L;

    final LDAPConnectionPool lookups;
    final LDAPConnectionPool binds;

    private Connections(LDAPConnectionPool lookups, LDAPConnectionPool binds) {
        this.lookups = lookups;
        this.binds = binds;
    }

    static Connections open(LdapConfig config) {
        SSLContext tls = tlsContext(config);
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) config.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(config.timeout().toMillis());
        options.setAbandonOnTimeout(true);
        if (config.verifyHostname()) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        }
        PostConnectProcessor startTls = config.startTls() ? new StartTls(tls) : null;
        List<ServerSet> servers = new ArrayList<>();
        for (LdapUri uri : config.uris()) {
            SocketFactory sockets = uri.ldaps() ? tls.getSocketFactory() : SocketFactory.getDefault();
            servers.add(new SingleServerSet(uri.host(), uri.port(), sockets, options, null, startTls));
        }
        ServerSet failover = servers.size() == 1 ? servers.get(0) : new FailoverServerSet(servers);
        SimpleBindRequest service = config.bindDn().map(dn -> new SimpleBindRequest(dn, config.bindPassword())).orElse(null);
        LDAPConnectionPool lookups = pool(failover, service, config);
        try {
            return new Connections(lookups, pool(failover, null, config));
        } catch (RuntimeException e) {
            lookups.close();
            throw e;
        }
    }

    private static LDAPConnectionPool pool(ServerSet servers, SimpleBindRequest bind, LdapConfig config) {
        LDAPConnectionPool pool;
        try {
            pool = new LDAPConnectionPool(servers, bind, 1, config.poolSize(), null, false);
        } catch (LDAPException e) {
            throw new IllegalStateException("Cannot set up the LDAP connection pool: " + e.getMessage(), e);
        }
        pool.setConnectionPoolName("hearth-ldap" + (bind == null ? "-binds" : "-lookups"));
        pool.setCreateIfNecessary(true);
        pool.setMaxWaitTimeMillis(config.timeout().toMillis());
        pool.setMaxConnectionAgeMillis(MAX_CONNECTION_AGE_MS);
        // A connection the server closed (restart, idle timeout) is replaced once, transparently.
        pool.setRetryFailedOperationsDueToInvalidConnections(EnumSet.of(OperationType.SEARCH, OperationType.BIND));
        return pool;
    }

    /** Trusts {@code ca_file} only when it is set, the JVM's default CAs otherwise. */
    private static SSLContext tlsContext(LdapConfig config) {
        try {
            TrustManager trust = config.caFile().isPresent()
                    ? PemTrust.only(config.caFile().get(), "auth_ldap.ca_file")
                    : JVMDefaultTrustManager.getInstance();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        lookups.close();
        binds.close();
    }
}
