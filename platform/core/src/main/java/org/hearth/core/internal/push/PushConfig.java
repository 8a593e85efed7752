package org.hearth.core.internal.push;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code push:} section of {@code conf/hearth.yaml} (PID {@code hearth.push}). Method names
 * follow the DS and metatype naming rule: {@code _} is a dot, {@code __} an underscore in the key.
 */
@ObjectClassDefinition(name = "Push", description = "The push: section of conf/hearth.yaml")
@interface PushConfig {
    @AttributeDefinition(required = false,
            description = "Deliver to push gateways at loopback and private addresses (test and closed networks only)")
    boolean allow__private__addresses() default false;

    @AttributeDefinition(required = false, min = "1", max = "10",
            description = "Attempts to deliver one notification before the pusher backs off")
    int attempts() default PushDelivery.DEFAULT_ATTEMPTS;

    @AttributeDefinition(required = false, min = "1", max = "64",
            description = "Threads delivering to push gateways; one pusher uses one at a time")
    int workers() default PushDelivery.DEFAULT_WORKERS;

    @AttributeDefinition(required = false, description = "Add the legacy mention rules spec v1.17 removed"
            + " (.m.rule.contains_display_name, .m.rule.roomnotif, .m.rule.contains_user_name) to every user's"
            + " predefined push rules: for messages without m.mentions, such as those bridged from other chat systems")
    boolean legacy__mention__rules() default false;

    @AttributeDefinition(required = false,
            description = "PEM file of the only CAs trusted for https push gateways (default: the JDK's)")
    String ca__file();
}
