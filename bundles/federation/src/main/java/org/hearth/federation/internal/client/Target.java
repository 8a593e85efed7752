package org.hearth.federation.internal.client;

/**
 * Where a request to a server goes, as discovery found it (Server-Server API, "Resolving server
 * names").
 *
 * @param connectHost the name or IP literal to connect to (an SRV target, a delegated name…)
 * @param port        the port to connect to
 * @param tlsName     the name the certificate must carry (and the SNI sent)
 * @param hostHeader  the {@code Host} header
 */
public record Target(String connectHost, int port, String tlsName, String hostHeader) {}
