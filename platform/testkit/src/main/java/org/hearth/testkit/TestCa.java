package org.hearth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for the test (or benchmark) run with openssl: a CA certificate (the file a
 * server names in {@code federation.ca_file}) and server certificates it signs for a name (as
 * the DNS name and 127.0.0.1, so tests can connect by address).
 */
public final class TestCa {
    private final Path dir;

    private TestCa(Path dir) {
        this.dir = dir;
    }

    public static TestCa create(String name) {
        try {
            Path dir = Files.createTempDirectory("hearth-test-ca-");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-subj", "/CN=" + name,
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
            return new TestCa(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    /** A certificate for {@code host} signed by this CA: {certificate, private key} PEM files. */
    public Path[] issue(String host) {
        Path cert = dir.resolve(host + ".crt");
        Path key = dir.resolve(host + ".key");
        try {
            Files.writeString(dir.resolve(host + ".ext"), "subjectAltName=DNS:" + host + ",IP:127.0.0.1\n");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", host + ".key", "-out", host + ".csr",
                    "-subj", "/CN=" + host);
            openssl(dir, "x509", "-req", "-in", host + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", host + ".crt", "-days", "2", "-extfile", host + ".ext");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Path[] {cert, key};
    }

    /** A TLS client context trusting only this CA. */
    public SSLContext clientContext() {
        try (var in = Files.newInputStream(caFile())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("openssl " + args[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
