package org.hearth.core.internal.e2ee;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code e2ee:} section of {@code conf/hearth.yaml} (PID {@code hearth.e2ee}). Method names
 * follow the DS and metatype naming rule: {@code __} is an underscore in the key.
 */
@ObjectClassDefinition(name = "End-to-end encryption", description = "The e2ee: section of conf/hearth.yaml")
@interface EncryptionConfig {
    @AttributeDefinition(required = false,
            description = "/keys/upload accepts only device keys signed by the device's own key")
    boolean verify__device__keys() default true;
}
