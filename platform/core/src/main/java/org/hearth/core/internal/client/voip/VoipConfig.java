package org.hearth.core.internal.client.voip;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code voip:} section of {@code conf/hearth.yaml} (PID {@code hearth.voip}): the TURN servers
 * handed to clients for calls. Method names follow the DS and metatype naming rule: {@code __} is
 * an underscore in the key.
 */
@ObjectClassDefinition(name = "VoIP", description = "The voip: section of conf/hearth.yaml")
@interface VoipConfig {
    @AttributeDefinition(required = false, description = "TURN URIs (turn:host:3478?transport=udp, turns:...); none: no TURN")
    String[] turn__uris() default {};

    @AttributeDefinition(required = false,
            description = "The secret shared with coturn (use-auth-secret / static-auth-secret): time-limited credentials")
    String turn__shared__secret() default "";

    @AttributeDefinition(required = false, description = "A fixed TURN user name, when there is no shared secret")
    String turn__username() default "";

    @AttributeDefinition(required = false, description = "The password of turn_username")
    String turn__password() default "";

    @AttributeDefinition(required = false, min = "60", description = "How long credentials stay valid, in seconds")
    int turn__user__lifetime() default 86_400;
}
