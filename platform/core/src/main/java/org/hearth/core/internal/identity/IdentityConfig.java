package org.hearth.core.internal.identity;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code identity:} section of {@code conf/hearth.yaml} (PID {@code hearth.identity}): how
 * this server talks to the identity servers clients name in third-party invites. Method names
 * follow the DS and metatype naming rule: {@code __} is an underscore in the key.
 */
@ObjectClassDefinition(name = "Identity servers", description = "The identity: section of conf/hearth.yaml")
@interface IdentityConfig {
    @AttributeDefinition(required = false,
            description = "Reach identity servers at loopback and private addresses (test and closed networks only)")
    boolean allow__private__addresses() default false;

    @AttributeDefinition(required = false,
            description = "PEM file of CAs trusted for identity servers besides the JDK's")
    String ca__file();
}
