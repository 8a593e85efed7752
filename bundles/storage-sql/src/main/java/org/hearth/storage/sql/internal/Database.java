package org.hearth.storage.sql.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.hearth.api.config.ConfigException;
import org.hearth.api.data.SqlWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of the {@code database:} section (PID {@code hearth.database}): a connection pool
 * with the schema migrated to the current version, and transactions over it for the stores.
 *
 * <p>Activation fails when the database cannot be opened or its schema is newer than this
 * Hearth knows; the stores then stay unavailable.
 */
@Component(service = Database.class, configurationPid = "hearth.database",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = DatabaseConfig.class)
public final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Dialect dialect;
    private final HikariDataSource pool;
    /** MyBatis's mappers, read on a thread of their own (see the constructor). */
    private final FutureTask<Configuration> mappers;
    /** Sessions over the pool once the mappers are read: set by the first {@link #sessions()}. */
    private volatile SqlSessionFactory sessions;
    /** Queues SQLite's writers in arrival order (fair), see {@link Dialect#singleWriter()}. */
    private final ReentrantLock writer = new ReentrantLock(true);
    private final GroupCommit groupCommit;
    private final StreamHeads heads = new StreamHeads();

    @Activate
    public Database(DatabaseConfig config) {
        this(settings(config));
    }

    /** A configuration error gets one log line like every other reason activation fails. */
    private static DatabaseSettings settings(DatabaseConfig config) {
        try {
            return DatabaseSettings.from(config);
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            throw e;
        }
    }

    /** Opens the pool and migrates the schema; the component and the tests build it this way. */
    Database(DatabaseSettings settings) {
        dialect = settings.dialect();
        OpenedFirst database = null;
        try {
            // One connection first, which becomes the pool's: the pool would wait a second before
            // giving up on a database that refuses it, and the container asks again for each
            // component that needs storage.
            database = new OpenedFirst(DataSources.forSettings(settings));
            pool = new HikariDataSource(poolConfig(settings, database));
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cannot open the database {} (database.url): {}", settings.safeUrl(), e.getMessage());
            // no cause: the launcher reports the deepest one, and this message names the key
            throw new IllegalStateException("Cannot open the database " + settings.safeUrl() + " (database.url): "
                    + e.getMessage());
        } finally {
            if (database != null) {
                database.closeUntaken();
            }
        }
        // MyBatis reads its mappers (200 ms of a start's CPU, longer than an SQLite database's
        // migration) on another core, and activation does not wait for them: the container starts
        // the other components meanwhile, and the first session waits (it waited 200-480 ms of the
        // start's main thread, idle, at the end of this constructor). Only once the database has
        // opened: a database that cannot be opened is tried again for each component that needs
        // it, and reading the mappers for each try made a wrong database.url take 20 s to report.
        mappers = new FutureTask<>(() -> SessionFactories.mappers(dialect));
        Thread reader = new Thread(mappers, "hearth-mybatis-setup");
        reader.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        reader.setDaemon(true);
        reader.start();
        try {
            Migrations.apply(pool, dialect);
        } catch (RuntimeException e) {
            pool.close();
            LOG.error("Cannot use the database {}: {}", settings.safeUrl(), e.getMessage());
            throw e;
        }
        groupCommit = new GroupCommit(this);
        LOG.info("Database {} ready (schema version {})", settings.safeUrl(), Migrations.latest());
    }

    /** The sessions, once the mappers are read; a failure to read them fails every session. */
    private SqlSessionFactory sessions() {
        SqlSessionFactory ready = sessions;
        if (ready == null) {
            synchronized (mappers) {
                if (sessions == null) {
                    sessions = SessionFactories.over(mappersRead(), pool);
                }
                ready = sessions;
            }
        }
        return ready;
    }

    private Configuration mappersRead() {
        try {
            return mappers.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while MyBatis read its mappers", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("MyBatis could not read its mappers", e.getCause());
        }
    }

    private static HikariConfig poolConfig(DatabaseSettings settings, DataSource database) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hearth-" + settings.dialect().databaseId());
        config.setDataSource(database);
        config.setMaximumPoolSize(settings.poolSize());
        return config;
    }

    /** Runs reads that need no transaction of their own: one statement, or reads that may see different moments. */
    <M, T> T read(String operation, Class<M> mapper, Function<M, T> work) {
        try (SqlSession session = sessions().openSession(true)) {
            return work.apply(session.getMapper(mapper));
        } catch (PersistenceException e) {
            throw StoreFailures.of(operation, e);
        }
    }

    /** Runs the work in one transaction; when it throws, nothing of it is written. */
    <M, T> T writeResult(String operation, Class<M> mapper, Function<M, T> work) {
        return transaction(operation, session -> work.apply(session.getMapper(mapper)));
    }

    /** {@link #writeResult} for work that needs several mappers: it gets them from the transaction's session. */
    <T> T transaction(String operation, Function<SqlSession, T> work) {
        boolean queue = dialect.singleWriter();
        if (queue) {
            writer.lock();
        }
        try (SqlSession session = sessions().openSession(false);
             DeferredRows.Scope deferred = dialect == Dialect.POSTGRES ? DeferredRows.open(session) : null) {
            try {
                T result = work.apply(session);
                DeferredRows.sendWithCommit();
                // Forced: MyBatis skips the commit when only SELECTs ran, and an INSERT … RETURNING is one.
                // After a COMMIT sent with the deferred rows the driver has no transaction and sends nothing.
                session.commit(true);
                heads.committed(session);
                return result;
            } catch (RuntimeException | Error e) {
                heads.rolledBack(session);
                rollback(session, e);
                throw e;
            }
        } catch (PersistenceException e) {
            throw StoreFailures.of(operation, e);
        } finally {
            if (queue) {
                writer.unlock();
            }
        }
    }

    /**
     * Forced for the same reason as the commit: MyBatis rolls back on close only after its own
     * updates, and closing resets auto-commit, which would commit what an INSERT … RETURNING or
     * plain JDBC work did before the failure.
     */
    private static void rollback(SqlSession session, Throwable failure) {
        try {
            session.rollback(true);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * {@link #transaction} shared with the writes other threads queue at the same moment: one
     * commit for all (see {@link GroupCommit}). It answers after that commit; when the shared
     * transaction fails, the work runs again alone, so it must be database work only.
     */
    <T> T groupTransaction(String operation, Function<SqlSession, T> work) {
        return groupCommit.run(operation, work);
    }

    /**
     * Runs JDBC work in one transaction (a bundle's own tables, see {@link SqlBundleDatabase}),
     * queued with the stores' writers on SQLite; rolled back when it throws.
     */
    <T> T jdbcTransaction(SqlWork<T> work) throws SQLException {
        return queued(() -> {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        });
    }

    /** Runs JDBC work on a connection in auto-commit mode. */
    <T> T jdbcRead(SqlWork<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        }
    }

    /** Work that may fail with an {@link SQLException}. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Runs the work while no other writer of this JVM writes, when the database has one writer at a time. */
    <T> T queued(SqlCall<T> work) throws SQLException {
        boolean queue = dialect.singleWriter();
        if (queue) {
            writer.lock();
        }
        try {
            return work.call();
        } finally {
            if (queue) {
                writer.unlock();
            }
        }
    }

    /** {@link #writeResult} for work without a result. */
    <M> void write(String operation, Class<M> mapper, Consumer<M> work) {
        writeResult(operation, mapper, m -> {
            work.accept(m);
            return null;
        });
    }

    /**
     * The next position of a device-list or to-device stream, taken in a {@link #transaction}: the
     * only way they are taken, so that {@link #currentE2ePosition} knows them.
     */
    long nextE2ePosition(SqlSession transaction, String stream) {
        return heads.took(transaction, stream, transaction.getMapper(E2eStreamMapper.class).next(stream));
    }

    /** Where a device-list or to-device stream stands: everything at or below it is committed. */
    long currentE2ePosition(String stream) {
        return heads.current(stream, name -> read("E2eStreams.current", E2eStreamMapper.class, m -> m.current(name)));
    }

    /**
     * The next position of the event stream ({@link StreamMapper#next}), taken in a
     * {@link #transaction}; an event inserted at its position in one statement reports it with
     * {@link #tookEventPosition}. Every position of the stream is taken one of these two ways.
     */
    long nextEventPosition(SqlSession transaction) {
        return tookEventPosition(transaction, transaction.getMapper(StreamMapper.class).next());
    }

    /** The transaction inserted an event at this position of the event stream. */
    long tookEventPosition(SqlSession transaction, long position) {
        return heads.took(transaction, StreamHeads.EVENTS, position);
    }

    /** Where the event stream stands: everything at or below it is committed. */
    long currentEventPosition() {
        return heads.current(StreamHeads.EVENTS, name -> read("EventStore.currentStreamPosition", StreamMapper.class,
                StreamMapper::current));
    }

    Dialect dialect() {
        return dialect;
    }

    /** The pool, for bundles' migrations and the migration tests. */
    DataSource dataSource() {
        return pool;
    }

    @Deactivate
    public void close() {
        groupCommit.close();
        pool.close();
    }
}
