package org.hearth.media.internal.preview;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code media.url_preview} keys.
 *
 * @param enabled       off by default: a preview makes the server fetch what users post
 * @param blockedRanges CIDR ranges refused on top of the built-in ones ({@link AddressPolicy})
 * @param allowedRanges CIDR ranges allowed even inside a blocked range (an intranet, a test server)
 * @param maxBytes      the most read of one page or image
 * @param timeoutMs     the most one preview may take, redirects and image included
 * @param caFile        PEM certificates of the only CAs trusted for https previews (an intranet's), or
 *                      null for the JVM's
 */
public record PreviewSettings(boolean enabled, List<String> blockedRanges, List<String> allowedRanges, long maxBytes,
                              long timeoutMs, Path caFile) {}
