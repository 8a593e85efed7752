package org.hearth.storage.sql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code database:} section of {@code conf/hearth.yaml} (PID {@code hearth.database}); the
 * launcher fills in the SQLite file in {@code data_dir} when {@code url} is absent. Method names
 * follow the DS and metatype naming rule: {@code __} is an underscore in the key.
 */
@ObjectClassDefinition(name = "Database", description = "The database: section of conf/hearth.yaml")
@interface DatabaseConfig {
    @AttributeDefinition(description = "JDBC URL: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB")
    String url();

    @AttributeDefinition(required = false, description = "Database user (PostgreSQL)")
    String user();

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Database password (PostgreSQL)")
    String password();

    @AttributeDefinition(required = false, min = "1", max = "1000", description = "Connections kept open")
    int pool__size() default DatabaseSettings.DEFAULT_POOL_SIZE;
}
