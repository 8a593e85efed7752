package org.hearth.media.internal.preview;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution, replaceable in tests (an answer that changes between two lookups). */
@FunctionalInterface
interface Resolver {
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
