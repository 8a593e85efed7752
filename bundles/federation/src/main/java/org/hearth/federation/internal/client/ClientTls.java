package org.hearth.federation.internal.client;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.hearth.api.config.ConfigException;
import org.hearth.federation.internal.http.PemFiles;

/** The TLS context of outbound requests: the system's CAs plus those of {@code federation.ca_file}. */
public final class ClientTls {
    private ClientTls() {
    }

    /**
     * @param caFile null for the system's CAs only
     * @param verify false trusts any certificate (federation.verify_certificates: false)
     */
    public static SSLContext context(Path caFile, boolean verify) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {verify ? trusted(caFile) : new TrustingAll()}, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new ConfigException("federation.ca_file: cannot build the trust store: " + e.getMessage());
        }
    }

    private static X509TrustManager trusted(Path caFile) throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate ca : systemTrust().getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + i++, ca);
        }
        if (caFile != null) {
            List<X509Certificate> extra = PemFiles.certificates(caFile, "federation.ca_file");
            for (X509Certificate ca : extra) {
                store.setCertificateEntry("ca-file-" + i++, ca);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    /** Only when the operator turned checking off, with a warning at every start. */
    private static final class TrustingAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
