package org.hearth.media.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Content types of uploads and how downloads are served (Client-Server API, "Serving inline
 * content"). The declared type is kept (downloads must answer it, or something "reasonably
 * close"), checked to be a well-formed media type; {@code inline} only for the spec's list of
 * types that cannot run script, {@code attachment} for every other.
 */
final class MediaTypes {
    static final String DEFAULT = "application/octet-stream";
    private static final int MAX_LENGTH = 255;
    private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
    private static final Pattern WELL_FORMED = Pattern.compile(TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(" + TOKEN + "|\"[^\"\\\\\\p{Cntrl}]*\"))*\\s*");
    private static final Set<String> INLINE = Set.of("text/css", "text/plain", "text/csv", "application/json",
            "application/ld+json", "image/jpeg", "image/gif", "image/png", "image/apng", "image/webp", "image/avif",
            "video/mp4", "video/webm", "video/ogg", "video/quicktime", "audio/mp4", "audio/webm", "audio/aac",
            "audio/mpeg", "audio/ogg", "audio/wave", "audio/wav", "audio/x-wav", "audio/x-pn-wav", "audio/flac",
            "audio/x-flac");

    private MediaTypes() {
    }

    /** The declared type when it is a well-formed media type, else {@value #DEFAULT} (also when none was sent). */
    static String ofUpload(String declared) {
        if (declared == null || declared.isBlank() || declared.length() > MAX_LENGTH
                || !WELL_FORMED.matcher(declared).matches()) {
            return DEFAULT;
        }
        return declared.strip();
    }

    /** Whether a download of this type may be shown by the browser ({@code inline}) rather than saved. */
    static boolean inline(String contentType) {
        return INLINE.contains(essence(contentType));
    }

    /** The type without its parameters, lower-cased: {@code Text/Plain; charset=utf-8} is {@code text/plain}. */
    static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
