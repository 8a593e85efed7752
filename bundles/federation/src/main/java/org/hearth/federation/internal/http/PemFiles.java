package org.hearth.federation.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.hearth.api.config.ConfigException;

/** PEM certificates and private keys (PKCS#8, or PKCS#1 RSA as older openssl writes them). */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemFiles() {
    }

    /** Every certificate of the file. */
    private static List<X509Certificate> certificates(Path file, String key) {
        try (var in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new ConfigException(key + ": no certificate in " + file);
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key + ": cannot read certificates from " + file + ": " + e.getMessage());
        }
    }

    /** A server TLS context from a certificate chain and its key. */
    public static SSLContext serverContext(Path certificate, Path privateKey) {
        List<X509Certificate> chain = certificates(certificate, "federation.tls_certificate");
        PrivateKey key = privateKey(privateKey);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("federation", key, new char[0], chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("federation.tls_private_key: does not fit the certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        String key = "federation.tls_private_key";
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file);
        }
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2).getBytes(StandardCharsets.US_ASCII));
            try {
                switch (m.group(1)) {
                    case "PRIVATE KEY" -> {
                        return pkcs8(der);
                    }
                    case "RSA PRIVATE KEY" -> {
                        return pkcs8(new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                                DERNull.INSTANCE), RSAPrivateKey.getInstance(der)).getEncoded());
                    }
                    default -> {
                        // certificates and parameters in the same file are skipped
                    }
                }
            } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                throw new ConfigException(key + ": unreadable key in " + file + ": " + e.getMessage());
            }
        }
        throw new ConfigException(key + ": no PRIVATE KEY or RSA PRIVATE KEY block in " + file);
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
