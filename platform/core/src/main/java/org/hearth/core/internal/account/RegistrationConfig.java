package org.hearth.core.internal.account;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code registration:} section of {@code conf/hearth.yaml} (PID {@code hearth.registration}),
 * read by {@link Registrar} (which designates it) and {@link SharedSecretRegistration}. Method
 * names follow the DS and metatype naming rule: {@code __} is an underscore in the key.
 */
@ObjectClassDefinition(name = "Registration",
        description = "The registration: section of conf/hearth.yaml")
@interface RegistrationConfig {
    @AttributeDefinition(required = false, description = "Open registration (/register)")
    boolean enabled() default false;

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD,
            description = "Secret of shared-secret registration; absent: generated into data_dir")
    String shared__secret();

    @AttributeDefinition(required = false,
            description = "Guest accounts (/register?kind=guest): off by default (Client-Server API, Guest Access)")
    boolean guest__access() default false;

    @AttributeDefinition(required = false, description = "If set, registering needs one of these tokens")
    String[] tokens() default {};
}
