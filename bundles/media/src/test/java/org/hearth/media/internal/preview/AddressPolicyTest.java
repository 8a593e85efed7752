package org.hearth.media.internal.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.hearth.api.config.ConfigException;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    private final AddressPolicy defaults = new AddressPolicy(List.of(), List.of());

    @Test
    void internalAddressesAreRefused() throws UnknownHostException {
        for (String address : List.of("127.0.0.1", "127.255.0.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "192.0.0.8", "198.18.0.1",
                "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
                "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1",
                "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
                "64:ff9b::7f00:1", "2002:7f00:1::1", "2001:db8::1")) {
            assertFalse(defaults.permits(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void publicAddressesArePermitted() throws UnknownHostException {
        for (String address : List.of("8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1",
                "2606:4700:4700::1111", "2a00:1450:4001::1")) {
            assertTrue(defaults.permits(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void configuredRangesAddRefusalsAndExceptions() throws UnknownHostException {
        AddressPolicy policy = new AddressPolicy(List.of("8.8.8.0/24", "2606:4700::/32"), List.of("10.1.2.0/24", "::1"));

        assertFalse(policy.permits(InetAddress.getByName("8.8.8.8")));
        assertFalse(policy.permits(InetAddress.getByName("2606:4700:4700::1111")));
        assertTrue(policy.permits(InetAddress.getByName("10.1.2.200")));
        assertFalse(policy.permits(InetAddress.getByName("10.1.3.1")));
        assertTrue(policy.permits(InetAddress.getByName("::1")));
        assertFalse(policy.permits(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void rangesAreLiteralsOnly() {
        for (String bad : List.of("10.0.0.0/33", "localhost", "10.0.0/8", "fc00::/129", "10.0.0.0/x", "example.org/8")) {
            ConfigException e = assertThrows(ConfigException.class, () -> new AddressPolicy(List.of(bad), List.of()), bad);
            assertEquals("media.url_preview.blocked_ranges: \"" + bad + "\" is not an address range such as 10.0.0.0/8 "
                    + "or fc00::/7", e.getMessage());
        }
    }
}
