package org.hearth.testkit.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Ports;
import org.hearth.testkit.TestConfig;

/**
 * UnboundID's in-memory directory server listening on loopback TCP ports, loaded with one of the
 * test trees: {@code openldap.ldif} (standard schema) or {@code ad.ldif} (Active Directory
 * attributes; schema checking off). With a {@link TestCertificate}, the plain port also offers StartTLS
 * and a second port speaks ldaps.
 */
public final class TestLdapServer implements AutoCloseable {
    public static final String OPENLDAP_BASE = "dc=example,dc=org";
    public static final String AD_BASE = "DC=corp,DC=example,DC=org";
    /** The service account Hearth searches with, under each base. */
    public static final String SERVICE_DN_PREFIX = "cn=hearth,";
    public static final String SERVICE_PASSWORD = "service-secret";

    private final InMemoryDirectoryServer server;
    private final InChainInterceptor interceptor;
    private final int port;
    private final int ldapsPort;

    private TestLdapServer(InMemoryDirectoryServer server, InChainInterceptor interceptor, int port, int ldapsPort) {
        this.server = server;
        this.interceptor = interceptor;
        this.port = port;
        this.ldapsPort = ldapsPort;
    }

    public static TestLdapServer openLdap() {
        return start(OPENLDAP_BASE, "openldap.ldif", true, null);
    }

    public static TestLdapServer openLdap(TestCertificate tls) {
        return start(OPENLDAP_BASE, "openldap.ldif", true, tls);
    }

    public static TestLdapServer activeDirectory() {
        return start(AD_BASE, "ad.ldif", false, null);
    }

    private static TestLdapServer start(String base, String ldif, boolean schema, TestCertificate tls) {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(base);
            if (schema) {
                // as a real directory would: without indexes every search scans every entry
                config.setEqualityIndexAttributes("uid", "member", "entryUUID");
            } else {
                config.setSchema(null);
            }
            config.addAdditionalBindCredentials(SERVICE_DN_PREFIX + base, SERVICE_PASSWORD);
            InetAddress loopback = InetAddress.getLoopbackAddress();
            int port = Ports.free();
            int ldapsPort = tls == null ? -1 : Ports.free();
            List<InMemoryListenerConfig> listeners = new ArrayList<>();
            listeners.add(InMemoryListenerConfig.createLDAPConfig("ldap", loopback, port,
                    tls == null ? null : tls.serverSide().createSSLSocketFactory()));
            if (tls != null) {
                listeners.add(InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, ldapsPort,
                        tls.serverSide().createSSLServerSocketFactory(), null));
            }
            config.setListenerConfigs(listeners);
            InChainInterceptor interceptor = new InChainInterceptor();
            config.addInMemoryOperationInterceptor(interceptor);
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            interceptor.attach(server);
            try (InputStream in = TestLdapServer.class.getResourceAsStream(ldif)) {
                server.importFromLDIF(true, new LDIFReader(in));
            }
            server.startListening();
            return new TestLdapServer(server, interceptor, port, ldapsPort);
        } catch (LDAPException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The OpenLDAP-style tree, to load into other servers (slapd). */
    public static InputStream openLdapTree() {
        return TestLdapServer.class.getResourceAsStream("openldap.ldif");
    }

    /** The server itself, to change entries while a test runs. */
    public InMemoryDirectoryServer server() {
        return server;
    }

    /** Every search filter the server received, oldest first. */
    public List<Filter> searchFilters() {
        return interceptor.filters;
    }

    /** The DN of every simple bind the server received, oldest first. */
    public List<String> bindDns() {
        return interceptor.binds;
    }

    public String uri() {
        return "ldap://127.0.0.1:" + port;
    }

    public String ldapsUri() {
        return "ldaps://localhost:" + ldapsPort;
    }

    public int port() {
        return port;
    }

    /** Closes the listeners: clients now meet a refused connection. */
    public void stop() {
        server.shutDown(true);
    }

    /** Listens again on the same ports, with the same data. */
    public void restart() {
        try {
            server.startListening();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code auth_ldap:} properties (as ConfigAdmin hands them) for the OpenLDAP tree. */
    public Map<String, Object> openLdapConfig() {
        Map<String, Object> c = config(OPENLDAP_BASE);
        c.put("user_filter", "(objectClass=inetOrgPerson)");
        return c;
    }

    /** The {@code auth_ldap:} properties for the Active Directory tree, logging in by sAMAccountName. */
    public Map<String, Object> activeDirectoryConfig() {
        Map<String, Object> c = config(AD_BASE);
        c.put("user_filter", "(objectClass=user)");
        c.put("attributes.login", "sAMAccountName");
        c.put("attributes.localpart", "sAMAccountName");
        c.put("attributes.displayname", "displayName");
        c.put("attributes.id", "objectGUID");
        c.put("group_membership", "memberof");
        return c;
    }

    /** This server under the base, searched by the service account, with short timeouts. */
    private Map<String, Object> config(String base) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("uris", new String[] {uri()});
        c.put("base_dn", base);
        c.put("bind_dn", SERVICE_DN_PREFIX + base);
        c.put("bind_password", SERVICE_PASSWORD);
        c.put("connect_timeout", "1s");
        c.put("timeout", "2s");
        return c;
    }

    /** Writes an {@code auth_ldap:} section, given as ConfigAdmin properties, into a test server's YAML. */
    public static void writeSection(TestConfig config, Map<String, Object> section) {
        section.forEach((key, value) -> config.set("auth_ldap." + key, value instanceof String[] list ? List.of(list) : value));
    }


    @Override
    public void close() {
        server.shutDown(true);
    }
}
