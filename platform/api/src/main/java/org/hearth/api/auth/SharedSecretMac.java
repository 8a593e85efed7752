package org.hearth.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MAC of shared-secret registration, compatible with Synapse's
 * {@code /_synapse/admin/v1/register}: HMAC-SHA1 keyed by the shared secret over
 * {@code nonce NUL username NUL password NUL ("admin" | "notadmin")}. Computed by the server to
 * check a request and by operator tools ({@code bin/hearth register-user}) to make one.
 */
public final class SharedSecretMac {
    private SharedSecretMac() {
    }

    public static byte[] compute(byte[] secret, String nonce, String username, String password, boolean admin) {
        String message = nonce + "\0" + username + "\0" + password + "\0" + (admin ? "admin" : "notadmin");
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is in every JVM", e);
        }
    }
}
