package org.hearth.federation.internal.client;

import java.net.InetAddress;
import org.hearth.api.net.PrivateAddresses;

/**
 * Which addresses federation traffic may reach: by default never a {@link PrivateAddresses
 * private} one (loopback, RFC 1918, carrier-grade NAT, link-local, unique-local, …), so that a server name cannot
 * point this server at its own network. {@code federation.allow_private_addresses} lifts it
 * (closed networks, tests).
 */
public final class AddressGuard {
    private final boolean allowPrivate;

    public AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allows(InetAddress address) {
        return allowPrivate || isPublic(address);
    }

    static boolean isPublic(InetAddress address) {
        return !PrivateAddresses.isPrivate(address);
    }
}
