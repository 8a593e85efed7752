package org.hearth.core.internal.identity;

import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.hearth.api.net.PemTrust;

/**
 * The certificates identity servers are trusted with: the JDK's CAs and the CAs of
 * {@code identity.ca_file} (a closed network's own), each checked with the host name as usual.
 */
final class IdentityTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager system;
    private final X509ExtendedTrustManager file;

    private IdentityTrust(X509ExtendedTrustManager system, X509ExtendedTrustManager file) {
        this.system = system;
        this.file = file;
    }

    /** @param caFile null for the JDK's CAs only */
    static SSLContext context(Path caFile) {
        // the JDK's factory gives an extended one, which checks the host name against the SSL parameters
        X509ExtendedTrustManager file = caFile == null ? null
                : (X509ExtendedTrustManager) PemTrust.only(caFile, "identity.ca_file");
        return PemTrust.context(new IdentityTrust(systemTrust(), file));
    }

    private static X509ExtendedTrustManager systemTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust store is not available: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            system.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            if (file == null) {
                throw e;
            }
            file.checkServerTrusted(chain, authType, engine);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            system.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            if (file == null) {
                throw e;
            }
            file.checkServerTrusted(chain, authType, socket);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            system.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            if (file == null) {
                throw e;
            }
            file.checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("identity servers are not clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("identity servers are not clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("identity servers are not clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return Stream.concat(Arrays.stream(system.getAcceptedIssuers()),
                file == null ? Stream.empty() : Arrays.stream(file.getAcceptedIssuers())).toArray(X509Certificate[]::new);
    }
}
