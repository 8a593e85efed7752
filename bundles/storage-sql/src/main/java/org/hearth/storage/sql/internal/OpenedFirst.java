package org.hearth.storage.sql.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The database's data source, handing out a connection opened before it first: {@link Database}
 * opens one to find out at once whether the database answers, and the pool's first connection is
 * that one rather than a second opening (some 20 ms on PostgreSQL, on every start).
 */
final class OpenedFirst implements DataSource {
    private final DataSource database;
    private final AtomicReference<Connection> opened;

    /** Opens the connection now: throws what the database answers when it refuses. */
    OpenedFirst(DataSource database) throws SQLException {
        this.database = database;
        this.opened = new AtomicReference<>(database.getConnection());
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection first = opened.getAndSet(null);
        return first != null ? first : database.getConnection();
    }

    /** Closes the opened connection if nobody took it (the pool failed before it asked). */
    void closeUntaken() {
        Connection first = opened.getAndSet(null);
        if (first != null) {
            try {
                first.close();
            } catch (SQLException ignored) {
                // a connection nobody used: the reason the pool failed is the one to report
            }
        }
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return database.getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return database.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        database.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        database.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return database.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return database.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : database.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || database.isWrapperFor(type);
    }
}
