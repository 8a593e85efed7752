package org.hearth.media.internal.preview;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.config.ConfigException;
import org.hearth.api.net.IpRange;
import org.hearth.api.net.PrivateAddresses;

/**
 * Which addresses URL previews may connect to. Always refused, whatever the configuration adds:
 * {@link PrivateAddresses}. {@code url_preview.blocked_ranges} adds ranges;
 * {@code url_preview.allowed_ranges} makes exceptions (checked first).
 */
final class AddressPolicy {
    private final List<IpRange> blocked;
    private final List<IpRange> allowed;

    AddressPolicy(List<String> blockedRanges, List<String> allowedRanges) {
        this.blocked = ranges(blockedRanges, "blocked_ranges");
        this.allowed = ranges(allowedRanges, "allowed_ranges");
    }

    boolean permits(InetAddress address) {
        if (allowed.stream().anyMatch(r -> r.contains(address))) {
            return true;
        }
        return !PrivateAddresses.isPrivate(address) && blocked.stream().noneMatch(r -> r.contains(address));
    }

    private static List<IpRange> ranges(List<String> texts, String key) {
        List<IpRange> ranges = new ArrayList<>();
        for (String text : texts) {
            ranges.add(IpRange.parse(text).orElseThrow(() -> new ConfigException("media.url_preview." + key + ": \""
                    + text + "\" is not an address range such as 10.0.0.0/8 or fc00::/7")));
        }
        return List.copyOf(ranges);
    }
}
