package org.hearth.federation.internal.client;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.hearth.api.net.PemTrust;

/** The TLS context of outbound requests: the system's CAs plus those of {@code federation.ca_file}. */
public final class ClientTls {
    private ClientTls() {
    }

    /**
     * @param caFile null for the system's CAs only
     * @param verify false trusts any certificate (federation.verify_certificates: false)
     */
    public static SSLContext context(Path caFile, boolean verify) {
        return PemTrust.context(verify ? PemTrust.withSystem(caFile, "federation.ca_file") : new TrustingAll());
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
