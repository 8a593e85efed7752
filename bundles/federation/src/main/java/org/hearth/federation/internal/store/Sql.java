package org.hearth.federation.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC in few words: statements with bound values. */
final class Sql {
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private Sql() {
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, values);
            return statement.executeUpdate();
        }
    }

    static <T> List<T> query(Connection c, String sql, RowReader<T> reader, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(reader.read(rows));
                }
                return out;
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                statement.setNull(i + 1, Types.NULL); // untyped: PostgreSQL infers the column's type
            } else if (v instanceof Long l) {
                statement.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else {
                statement.setString(i + 1, v.toString());
            }
        }
    }

    static Long nullableLong(ResultSet row, int column) throws SQLException {
        long v = row.getLong(column);
        return row.wasNull() ? null : v;
    }
}
