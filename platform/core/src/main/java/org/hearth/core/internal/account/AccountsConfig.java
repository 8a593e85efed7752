package org.hearth.core.internal.account;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code accounts:} section of {@code conf/hearth.yaml} (PID {@code hearth.accounts}).
 * Method names follow the DS and metatype naming rule: {@code __} is an underscore in the key.
 */
@ObjectClassDefinition(name = "Accounts", description = "The accounts: section of conf/hearth.yaml")
@interface AccountsConfig {
    @AttributeDefinition(required = false, min = "1",
            description = "Lifetime in ms of access tokens of clients that use refresh tokens")
    long refreshable__access__token__lifetime__ms() default 300_000;
}
