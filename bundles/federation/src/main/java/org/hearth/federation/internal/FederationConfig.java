package org.hearth.federation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The keys of the {@code federation:} section of {@code conf/hearth.yaml} (PID
 * {@code hearth.federation}), a contract with operators (issue 11). Method names follow the DS and
 * metatype naming rule: {@code __} is an underscore. {@link FederationSettings} reads and checks
 * the values beyond their types.
 */
@ObjectClassDefinition(name = "Federation", description = "The federation: section of conf/hearth.yaml")
@interface FederationConfig {
    @AttributeDefinition(required = false, min = "1", max = "65535", description = "Federation listener port")
    int port() default 8448;

    @AttributeDefinition(required = false, description = "Addresses the federation listener binds")
    String[] bind__addresses() default {"0.0.0.0"};

    @AttributeDefinition(required = false, description = "PEM certificate chain of the federation listener")
    String tls__certificate();

    @AttributeDefinition(required = false, description = "PEM private key of the federation listener")
    String tls__private__key();

    @AttributeDefinition(required = false, description = "PEM file of CAs trusted for outbound requests, "
            + "besides the system's")
    String ca__file();

    @AttributeDefinition(required = false, description = "Whether outbound TLS certificates are checked")
    boolean verify__certificates() default true;

    @AttributeDefinition(required = false, description = "Server name to host:port, instead of discovery")
    String hosts();

    @AttributeDefinition(required = false, description = "Only these servers federate (empty: all)")
    String[] allowed__servers();

    @AttributeDefinition(required = false, description = "These servers never federate")
    String[] denied__servers();

    @AttributeDefinition(required = false, description = "Notaries asked for keys a server does not give itself: "
            + "server name to its pinned verify keys (\"ed25519:ID PUBLICKEY\"; none: its own key, fetched from it)")
    String[] trusted__key__servers();

    @AttributeDefinition(required = false, description = "Whether loopback and private addresses may be reached")
    boolean allow__private__addresses() default false;
}
