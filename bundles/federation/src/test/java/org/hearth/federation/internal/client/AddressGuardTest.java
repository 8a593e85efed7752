package org.hearth.federation.internal.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressGuardTest {
    @Test
    void privateAndLoopbackAddressesAreRefusedUnlessAllowed() throws Exception {
        AddressGuard guard = new AddressGuard(false);
        for (String refused : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                "169.254.1.1", "0.0.0.0", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1"}) {
            assertFalse(guard.allows(InetAddress.getByName(refused)), refused);
            assertTrue(new AddressGuard(true).allows(InetAddress.getByName(refused)), refused);
        }
        for (String allowed : new String[] {"8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "100.128.0.1"}) {
            assertTrue(guard.allows(InetAddress.getByName(allowed)), allowed);
        }
    }
}
