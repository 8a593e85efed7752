package org.hearth.storage.sql.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** Binds an {@link IdList}: a {@code text[]} on PostgreSQL, a JSON array of strings on SQLite. */
final class IdListTypeHandler extends BaseTypeHandler<IdList> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dialect dialect;

    IdListTypeHandler(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public void setNonNullParameter(PreparedStatement statement, int index, IdList list, JdbcType jdbcType)
            throws SQLException {
        if (dialect == Dialect.POSTGRES) {
            statement.setArray(index, statement.getConnection().createArrayOf("text", list.ids().toArray()));
            return;
        }
        try {
            statement.setString(index, JSON.writeValueAsString(list.ids()));
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write an ID list as JSON", e);
        }
    }

    @Override
    public IdList getNullableResult(ResultSet rs, String columnName) {
        throw new UnsupportedOperationException("an ID list is a parameter, never a column");
    }

    @Override
    public IdList getNullableResult(ResultSet rs, int columnIndex) {
        throw new UnsupportedOperationException("an ID list is a parameter, never a column");
    }

    @Override
    public IdList getNullableResult(CallableStatement cs, int columnIndex) {
        throw new UnsupportedOperationException("an ID list is a parameter, never a column");
    }
}
