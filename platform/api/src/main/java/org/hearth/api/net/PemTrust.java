package org.hearth.api.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.hearth.api.config.ConfigException;

/**
 * Trusting the CAs of a PEM file, alone ({@code auth_ldap.ca_file}, {@code push.ca_file},
 * {@code media.url_preview.ca_file}) or besides the JDK's ({@code federation.ca_file},
 * {@code identity.ca_file}): agencies run private CAs. A file that cannot be read or holds
 * no certificate is a {@link ConfigException} naming the key.
 */
public final class PemTrust {
    private PemTrust() {
    }

    /** A trust manager for the file's certificates only; {@code key} names the setting in errors. */
    public static X509TrustManager only(Path pemFile, String key) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + store.size(), ca);
            }
            if (store.size() == 0) {
                throw new ConfigException(key + ": " + pemFile + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key + ": cannot read PEM certificates from " + pemFile + ": " + e.getMessage());
        }
    }

    /**
     * A trust manager for the JDK's CAs and, when {@code pemFile} is not null, the file's too (a
     * closed network's own CA besides the public ones); host names are checked as usual.
     */
    public static X509TrustManager withSystem(Path pemFile, String key) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (X509Certificate ca : systemTrust().getAcceptedIssuers()) {
                store.setCertificateEntry("system" + store.size(), ca);
            }
            if (pemFile != null) {
                for (X509Certificate ca : only(pemFile, key).getAcceptedIssuers()) {
                    store.setCertificateEntry("file" + store.size(), ca);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key + ": cannot build the trust store: " + e.getMessage());
        }
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    /** A TLS context that trusts what {@code trust} trusts. */
    public static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
    }
}
