package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Optional;

/**
 * Unpadded Base64 (Appendices, "Unpadded Base64" and "URL-safe unpadded Base64"): RFC 4648
 * without the {@code =} padding, which Matrix uses for keys, signatures, hashes and event IDs.
 */
public final class UnpaddedBase64 {
    private static final Base64.Encoder STANDARD = Base64.getEncoder().withoutPadding();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private UnpaddedBase64() {
    }

    public static String encode(byte[] bytes) {
        return STANDARD.encodeToString(bytes);
    }

    /** With {@code -} and {@code _} as the 62nd and 63rd characters (event IDs from room version 4). */
    public static String encodeUrlSafe(byte[] bytes) {
        return URL_SAFE.encodeToString(bytes);
    }

    /**
     * Decodes standard Base64 with or without padding, as the appendix asks decoders to accept.
     *
     * @throws IllegalArgumentException if the text is not Base64
     */
    public static byte[] decode(String text) {
        return Base64.getDecoder().decode(text);
    }

    /** The bytes a JSON string holds in Base64; empty if the node is no string or no Base64. */
    static Optional<byte[]> decodeText(JsonNode node) {
        if (!node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode(node.textValue()));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
