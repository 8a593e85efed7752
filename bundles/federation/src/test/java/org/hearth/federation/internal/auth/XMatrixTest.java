package org.hearth.federation.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hearth.api.id.ServerName;
import org.junit.jupiter.api.Test;

class XMatrixTest {
    @Test
    void parsesTheSpecExampleAndItsVariants() {
        XMatrix x = XMatrix.parse("X-Matrix origin=\"origin.hs.example.com\",destination=\"destination.hs.example.com\","
                + "key=\"ed25519:key1\",sig=\"ABCDEF...\"").orElseThrow();
        assertEquals(new ServerName("origin.hs.example.com"), x.origin());
        assertEquals(new ServerName("destination.hs.example.com"), x.destination());
        assertEquals("ed25519:key1", x.keyId());
        assertEquals("ABCDEF...", x.signature());

        XMatrix unquoted = XMatrix.parse("x-matrix ORIGIN=a.example:8448, Key=ed25519:k, sig=abc").orElseThrow();
        assertEquals(new ServerName("a.example:8448"), unquoted.origin());
        assertNull(unquoted.destination(), "older servers leave it out");
    }

    @Test
    void refusesMalformedHeaders() {
        for (String bad : new String[] {"Bearer x", "X-Matrix origin=\"a\"", "X-Matrix origin=\"a,key=\"k\",sig=\"s\"",
                "X-Matrix origin=a,origin=b,key=k,sig=s", "X-Matrix origin=not_a_server!,key=k,sig=s", ""}) {
            assertTrue(XMatrix.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void headerRoundTrips() {
        XMatrix x = new XMatrix(new ServerName("a.example"), new ServerName("b.example"), "ed25519:k", "c2ln");
        assertEquals(x, XMatrix.parse(x.header()).orElseThrow());
    }
}
