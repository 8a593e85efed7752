package org.hearth.storage.sql.internal;

import java.sql.SQLException;
import java.util.List;
import org.apache.ibatis.cache.CacheKey;
import org.apache.ibatis.cursor.Cursor;
import org.apache.ibatis.executor.BatchResult;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;
import org.apache.ibatis.transaction.Transaction;

/**
 * Every MyBatis statement runs after the thread's {@link DeferredRows}: a statement of the
 * transaction may read or change what they write (a redaction of an event of the same batch).
 * The session's executor is wrapped by hand: MyBatis's own plugin wrapping builds a proxy and
 * reads the annotations again for every statement handler it is offered.
 */
final class DeferredRowsFirst implements Interceptor {
    @Override
    public Object plugin(Object target) {
        return target instanceof Executor executor ? new Flushing(executor) : target;
    }

    @Override
    public Object intercept(Invocation invocation) {
        throw new UnsupportedOperationException("wraps executors in plugin()");
    }

    /** The executor, sending the deferred rows before each statement. */
    private record Flushing(Executor executor) implements Executor {
        @Override
        public int update(MappedStatement ms, Object parameter) throws SQLException {
            DeferredRows.send();
            return executor.update(ms, parameter);
        }

        @Override
        public <E> List<E> query(MappedStatement ms, Object parameter, RowBounds rowBounds,
                                 ResultHandler resultHandler, CacheKey cacheKey, BoundSql boundSql) throws SQLException {
            DeferredRows.send();
            return executor.query(ms, parameter, rowBounds, resultHandler, cacheKey, boundSql);
        }

        @Override
        public <E> List<E> query(MappedStatement ms, Object parameter, RowBounds rowBounds,
                                 ResultHandler resultHandler) throws SQLException {
            DeferredRows.send();
            return executor.query(ms, parameter, rowBounds, resultHandler);
        }

        @Override
        public <E> Cursor<E> queryCursor(MappedStatement ms, Object parameter, RowBounds rowBounds)
                throws SQLException {
            DeferredRows.send();
            return executor.queryCursor(ms, parameter, rowBounds);
        }

        @Override
        public List<BatchResult> flushStatements() throws SQLException {
            return executor.flushStatements();
        }

        @Override
        public void commit(boolean required) throws SQLException {
            executor.commit(required);
        }

        @Override
        public void rollback(boolean required) throws SQLException {
            executor.rollback(required);
        }

        @Override
        public CacheKey createCacheKey(MappedStatement ms, Object parameterObject, RowBounds rowBounds,
                                       BoundSql boundSql) {
            return executor.createCacheKey(ms, parameterObject, rowBounds, boundSql);
        }

        @Override
        public boolean isCached(MappedStatement ms, CacheKey key) {
            return executor.isCached(ms, key);
        }

        @Override
        public void clearLocalCache() {
            executor.clearLocalCache();
        }

        @Override
        public void deferLoad(MappedStatement ms, MetaObject resultObject, String property, CacheKey key,
                              Class<?> targetType) {
            executor.deferLoad(ms, resultObject, property, key, targetType);
        }

        @Override
        public Transaction getTransaction() {
            return executor.getTransaction();
        }

        @Override
        public void close(boolean forceRollback) {
            executor.close(forceRollback);
        }

        @Override
        public boolean isClosed() {
            return executor.isClosed();
        }

        @Override
        public void setExecutorWrapper(Executor wrapper) {
            executor.setExecutorWrapper(wrapper);
        }
    }
}
