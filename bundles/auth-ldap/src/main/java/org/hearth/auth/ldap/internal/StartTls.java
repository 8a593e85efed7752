package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import javax.net.ssl.SSLContext;

/**
 * {@code auth_ldap.start_tls}: upgrades each new {@code ldap://} connection with StartTLS
 * (RFC 4511, section 4.14) before anything else is sent; {@code ldaps://} connections already
 * speak TLS. One processor for every server keeps the fail-over set uniform.
 */
final class StartTls implements PostConnectProcessor {
    private final StartTLSPostConnectProcessor upgrade;

    StartTls(SSLContext context) {
        this.upgrade = new StartTLSPostConnectProcessor(context);
    }

    @Override
    public void processPreAuthenticatedConnection(LDAPConnection connection) throws LDAPException {
        if (connection.getSSLSession() == null) {
            upgrade.processPreAuthenticatedConnection(connection);
        }
    }

    @Override
    public void processPostAuthenticatedConnection(LDAPConnection connection) {
        // nothing to do once bound
    }
}
