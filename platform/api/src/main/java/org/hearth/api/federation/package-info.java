/**
 * The contract between core and a federation bundle (Server-Server API). Core owns Matrix
 * semantics — the room DAG, the checks on every received PDU, state resolution, membership
 * handshakes, what another server may read — and provides {@link org.hearth.api.federation.FederationHost}
 * and {@link org.hearth.api.federation.ServerIdentity}. The federation bundle owns the wire —
 * discovery, TLS, request signing and verification, server keys, queues and retries — and provides
 * {@link org.hearth.api.federation.RemoteServers} and {@link org.hearth.api.federation.ServerKeys}.
 * Without a federation bundle, core is a private server.
 */
@org.osgi.annotation.versioning.Version("0.6.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.federation;
