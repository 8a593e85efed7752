package org.hearth.storage.sql.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.StringTypeHandler;

/**
 * Strings as text, refusing NUL on both databases: PostgreSQL's text columns cannot hold it, so
 * SQLite must not either, or the same request would work on one and fail on the other. Core
 * refuses NUL where clients send identifiers and names (400); JSON is stored with NUL escaped.
 * Text with NUL that still reaches this point is a bug, and fails here on every database alike.
 */
final class TextTypeHandler extends StringTypeHandler {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, String text, JdbcType jdbcType)
            throws SQLException {
        if (text.indexOf('\0') >= 0) {
            throw new SQLException("text parameter " + index + " holds NUL, which the text columns refuse", "22021");
        }
        super.setNonNullParameter(statement, index, text, jdbcType);
    }
}
