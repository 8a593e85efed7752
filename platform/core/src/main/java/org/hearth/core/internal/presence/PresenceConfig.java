package org.hearth.core.internal.presence;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code presence:} section of {@code conf/hearth.yaml} (PID {@code hearth.presence}). Method
 * names follow the DS and metatype naming rule: {@code __} is an underscore in the key.
 */
@ObjectClassDefinition(name = "Presence", description = "The presence: section of conf/hearth.yaml")
@interface PresenceConfig {
    @AttributeDefinition(required = false,
            description = "Track and share presence; false: everyone reads as offline and /sync carries none")
    boolean enabled() default true;

    @AttributeDefinition(required = false, min = "1",
            description = "Minutes without activity after which an online user becomes unavailable")
    int idle__after__minutes() default 5;
}
