package org.hearth.federation.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hearth.api.id.ServerName;
import org.junit.jupiter.api.Test;

class ServerPolicyTest {
    @Test
    void denyWinsAndAnAllowListClosesTheFederation() {
        ServerPolicy open = new ServerPolicy(List.of(), List.of("evil.example", "*.spam.example"));
        assertTrue(open.allows(new ServerName("good.example")));
        assertFalse(open.allows(new ServerName("evil.example")));
        assertFalse(open.allows(new ServerName("a.spam.example")));
        assertTrue(open.allows(new ServerName("spam.example")));

        ServerPolicy closed = new ServerPolicy(List.of("*.gov.example", "partner.example:8448"), List.of("bad.gov.example"));
        assertTrue(closed.allows(new ServerName("a.gov.example")));
        assertFalse(closed.allows(new ServerName("bad.gov.example")));
        assertFalse(closed.allows(new ServerName("partner.example")), "the port is part of the name");
        assertTrue(closed.allows(new ServerName("partner.example:8448")));
        assertFalse(closed.allows(new ServerName("other.example")));
    }
}
