package org.hearth.api.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An address range in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}). */
public record IpRange(byte[] network, int prefix, String text) {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Parses {@code address/prefix} (a lone address is a range of one); empty when it is not one. */
    public static Optional<IpRange> parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        // Only literals: never a name lookup while reading the configuration.
        if (!LITERAL.matcher(address).matches() || (address.indexOf(':') < 0 && address.chars().filter(c -> c == '.').count() != 3)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        if (address.indexOf(':') >= 0 && bytes.length == 4) {
            // Java turns ::ffff:a.b.c.d into an IPv4 address: keep the range in IPv6 terms.
            bytes = mapped(bytes);
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (prefix < 0 || prefix > bits) {
            return Optional.empty();
        }
        return Optional.of(new IpRange(bytes, prefix, t));
    }

    /**
     * Whether the address is in the range; IPv4 addresses against IPv4 ranges only (Java already
     * turns an IPv4-mapped IPv6 address into the IPv4 address, so both forms meet the IPv4 ranges).
     */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    @Override
    public String toString() {
        return text;
    }
}
