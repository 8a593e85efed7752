package org.hearth.core.internal.util;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.hearth.api.net.PrivateAddresses;

/**
 * The check before core connects to a host a user named (push gateways, identity servers): every
 * address the host resolves to must be public ({@link PrivateAddresses}), so that a user cannot
 * make the server reach inside its own network.
 */
public final class PublicHosts {
    private PublicHosts() {
    }

    /** Whether none of the host's addresses is loopback, private, link-local or otherwise non-public. */
    public static boolean isPublic(String host) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (PrivateAddresses.isPrivate(address)) {
                return false;
            }
        }
        return true;
    }
}
