package org.hearth.testkit.ldap;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * A self-signed certificate for {@code localhost}/{@code 127.0.0.1}, made for the test run with
 * UnboundID's certificate tool: the server's key store, and the certificate as a PEM CA file.
 */
public final class TestCertificate {
    private static final String PASSWORD = "test-keystore";

    private final Path keyStore;
    private final Path caFile;

    private TestCertificate(Path keyStore, Path caFile) {
        this.keyStore = keyStore;
        this.caFile = caFile;
    }

    /** A new certificate (and so a new CA) in its own temporary directory. */
    public static TestCertificate create(String name) {
        try {
            Path dir = Files.createTempDirectory("hearth-ldap-tls-");
            Path store = dir.resolve(name + ".p12");
            Path pem = dir.resolve(name + "-ca.pem");
            // deleted in reverse order of registration: the files, then the directory
            dir.toFile().deleteOnExit();
            store.toFile().deleteOnExit();
            pem.toFile().deleteOnExit();
            tool("generate-self-signed-certificate", "--keystore", store.toString(), "--keystore-password", PASSWORD,
                    "--keystore-type", "PKCS12", "--alias", "server", "--subject-dn", "CN=localhost,O=" + name,
                    "--days-valid", "30", "--key-algorithm", "RSA", "--key-size-bits", "2048",
                    "--signature-algorithm", "SHA256withRSA", // slapd's GnuTLS cannot read the tool's EC key PEM
                    "--subject-alternative-name-dns", "localhost", "--subject-alternative-name-ip-address", "127.0.0.1");
            tool("export-certificate", "--keystore", store.toString(), "--keystore-password", PASSWORD,
                    "--alias", "server", "--output-format", "PEM", "--output-file", pem.toString());
            return new TestCertificate(store, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate as a PEM file: the CA file a client trusts. */
    public Path caFile() {
        return caFile;
    }

    /** The server side of TLS: this certificate and its key. */
    public SSLUtil serverSide() {
        try {
            return new SSLUtil(new KeyStoreKeyManager(keyStore.toFile(), PASSWORD.toCharArray(), "PKCS12", "server"), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate and its private key as PEM files, for servers such as slapd. */
    public void exportPem(Path certificate, Path privateKey) {
        tool("export-certificate", "--keystore", keyStore.toString(), "--keystore-password", PASSWORD,
                "--alias", "server", "--output-format", "PEM", "--output-file", certificate.toString());
        tool("export-private-key", "--keystore", keyStore.toString(), "--keystore-password", PASSWORD,
                "--alias", "server", "--output-format", "PEM", "--output-file", privateKey.toString());
    }

    private static void tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode result = ManageCertificates.main(InputStream.nullInputStream(), out, out, args);
        if (result != ResultCode.SUCCESS) {
            throw new IllegalStateException("manage-certificates " + args[0] + " failed: " + out);
        }
    }
}
