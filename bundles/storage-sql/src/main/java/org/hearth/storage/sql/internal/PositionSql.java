package org.hearth.storage.sql.internal;

/**
 * How a statement written with an event names the event's stream position: as a parameter, when
 * the number is known, or as the position the event's own INSERT took earlier in the same
 * transaction ({@link EventRows#insertAtNextPosition}; {@code value} null). The latter lets the
 * event's search index and notification rows go in the event's {@link StatementPipeline} instead
 * of a round trip of their own after it. Its text goes where the position's value would:
 * {@code "... <= " + sql()}.
 */
record PositionSql(String sql, Long value) {
    /** PostgreSQL's last {@code nextval} of the session; a sub-select, so that it is one value an index can use. */
    private static final PositionSql TAKEN_POSTGRES = new PositionSql("(SELECT currval('stream_position'))", null);
    private static final PositionSql TAKEN_SQLITE = new PositionSql("(SELECT position FROM stream_position)", null);

    static PositionSql of(long position) {
        return new PositionSql("?", position);
    }

    /** The position the event's INSERT took; only after it in the same transaction. */
    static PositionSql taken(Dialect dialect) {
        return dialect == Dialect.POSTGRES ? TAKEN_POSTGRES : TAKEN_SQLITE;
    }

    /** The parameters of a statement that names the position first: its own, then these. */
    Object[] then(Object... rest) {
        if (value == null) {
            return rest;
        }
        Object[] all = new Object[rest.length + 1];
        all[0] = value;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
