package org.hearth.media.internal.preview;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.config.ConfigException;

/**
 * Which addresses URL previews may connect to. Always refused, whatever the configuration adds:
 * "this" network, loopback, private (RFC 1918), carrier-grade NAT, link-local, benchmarking,
 * documentation, multicast and reserved IPv4 ranges; the IPv6 unspecified, loopback,
 * IPv4-mapped and IPv4-compatible, NAT64, discard, documentation, 6to4, unique-local,
 * site-local, link-local and multicast ranges. {@code url_preview.blocked_ranges} adds ranges;
 * {@code url_preview.allowed_ranges} makes exceptions (checked first).
 */
final class AddressPolicy {
    static final List<String> BUILT_IN = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "::ffff:0:0/96", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64",
            "2001:db8::/32", "2002::/16", "fc00::/7", "fec0::/10", "fe80::/10", "ff00::/8");

    private final List<IpRange> blocked;
    private final List<IpRange> allowed;

    AddressPolicy(List<String> blockedRanges, List<String> allowedRanges) {
        List<String> all = new ArrayList<>(BUILT_IN);
        all.addAll(blockedRanges);
        this.blocked = ranges(all, "blocked_ranges");
        this.allowed = ranges(allowedRanges, "allowed_ranges");
    }

    boolean permits(InetAddress address) {
        if (allowed.stream().anyMatch(r -> r.contains(address))) {
            return true;
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()
                || (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress())) {
            return false; // the JDK's own notion, as a second line behind the ranges
        }
        return blocked.stream().noneMatch(r -> r.contains(address));
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
