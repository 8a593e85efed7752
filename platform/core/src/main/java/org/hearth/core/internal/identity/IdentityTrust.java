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
import javax.net.ssl.X509TrustManager;
import org.hearth.api.net.PemTrust;

/**
 * The certificates identity servers are trusted with: the JDK's CAs, checked with the host name as
 * usual, and the CAs of {@code identity.ca_file}. A certificate of a CA the operator named there
 * is taken for any host: such CAs are private ones issuing for a closed network, where identity
 * servers are often reached by address (as SyTest's, with a certificate for {@code localhost}).
 */
final class IdentityTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager system;
    private final X509TrustManager file;

    private IdentityTrust(X509ExtendedTrustManager system, X509TrustManager file) {
        this.system = system;
        this.file = file;
    }

    /** @param caFile null for the JDK's CAs only */
    static SSLContext context(Path caFile) {
        X509TrustManager file = caFile == null ? null : PemTrust.only(caFile, "identity.ca_file");
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
            checkFile(chain, authType, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            system.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            checkFile(chain, authType, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            system.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            checkFile(chain, authType, e);
        }
    }

    private void checkFile(X509Certificate[] chain, String authType, CertificateException systemRefusal)
            throws CertificateException {
        if (file == null) {
            throw systemRefusal;
        }
        file.checkServerTrusted(chain, authType);
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
