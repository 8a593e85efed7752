package org.hearth.api.data;

import java.sql.Connection;
import java.sql.SQLException;
import org.osgi.annotation.versioning.ConsumerType;

/** Work on a JDBC connection lent by {@link BundleDatabase}. */
@ConsumerType
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
