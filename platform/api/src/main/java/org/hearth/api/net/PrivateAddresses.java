package org.hearth.api.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The addresses a server must not be made to reach on a user's or another server's word (URL
 * previews, push gateways, federation): "this" network, loopback, private (RFC 1918),
 * carrier-grade NAT, link-local, benchmarking, documentation, multicast and reserved IPv4 ranges;
 * the IPv6 unspecified, loopback, IPv4-mapped and IPv4-compatible, NAT64, discard, documentation,
 * 6to4, unique-local, site-local, link-local and multicast ranges. An IPv4-mapped address meets the
 * IPv4 ranges (Java reads it as the IPv4 address).
 */
public final class PrivateAddresses {
    /** The ranges, in CIDR notation. */
    public static final List<String> RANGES = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "::ffff:0:0/96", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64",
            "2001:db8::/32", "2002::/16", "fc00::/7", "fec0::/10", "fe80::/10", "ff00::/8");
    private static final List<IpRange> PARSED = RANGES.stream().map(r -> IpRange.parse(r).orElseThrow()).toList();

    private PrivateAddresses() {
    }

    public static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()
                || (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress())) {
            return true; // the JDK's own notion, as a second line behind the ranges
        }
        return PARSED.stream().anyMatch(r -> r.contains(address));
    }
}
