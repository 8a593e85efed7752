package org.hearth.storage.sql.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.hearth.api.id.UserId;

/** Stores a {@link UserId} as its text, {@code @localpart:server}. */
final class UserIdTypeHandler extends BaseTypeHandler<UserId> {

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, UserId userId, JdbcType jdbcType)
            throws SQLException {
        statement.setString(index, userId.toString());
    }

    @Override
    public UserId getNullableResult(ResultSet rows, String column) throws SQLException {
        return parse(rows.getString(column));
    }

    @Override
    public UserId getNullableResult(ResultSet rows, int column) throws SQLException {
        return parse(rows.getString(column));
    }

    @Override
    public UserId getNullableResult(CallableStatement call, int column) throws SQLException {
        return parse(call.getString(column));
    }

    private static UserId parse(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        return UserId.parse(text).orElseThrow(() -> new SQLException("stored user ID is not valid: " + text));
    }
}
