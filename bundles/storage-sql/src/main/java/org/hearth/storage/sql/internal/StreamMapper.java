package org.hearth.storage.sql.internal;

import org.apache.ibatis.annotations.Select;

/**
 * The stream position counter shared by events, account data, receipts and completions of
 * partial state: a one-row table on SQLite, a sequence on PostgreSQL (see {@code 003_rooms.sql}).
 *
 * <p>A sequence alone would let a later position commit before an earlier one, and a reader
 * that saw the later one would skip the earlier for good (a sync token is a position). So on
 * PostgreSQL {@link #next} first takes a transaction-scoped advisory lock, held until commit:
 * writers commit their positions in order. Call it as the last step of a write, to hold that
 * lock briefly. An event takes its position the same way inside the statement that inserts it
 * ({@link EventRows#insertAtNextPosition}). SQLite has one writer at a time anyway.
 *
 * <p>Positions are taken only through {@link Database#nextEventPosition} or reported with
 * {@link Database#tookEventPosition}: {@link Database#currentEventPosition} counts them in memory.
 */
interface StreamMapper {
    /** The advisory lock key of the stream ("Hearth" in ASCII). */
    long STREAM_LOCK = 0x486561727468L;

    @Select(value = "UPDATE stream_position SET position = position + 1 RETURNING position", databaseId = "sqlite")
    @Select(value = "WITH serialised AS MATERIALIZED (SELECT pg_advisory_xact_lock(" + STREAM_LOCK + "))"
            + " SELECT nextval('stream_position') FROM serialised", databaseId = "postgres")
    long next();

    /**
     * Leaves {@code count} positions free: the next {@link #next} answers {@code count} more than
     * it would have. Call it just before {@link #next} (on PostgreSQL it takes the same lock).
     */
    @Select(value = "UPDATE stream_position SET position = position + #{count} RETURNING position", databaseId = "sqlite")
    @Select(value = "WITH serialised AS MATERIALIZED (SELECT pg_advisory_xact_lock(" + STREAM_LOCK + "))"
            + " SELECT setval('stream_position', nextval('stream_position') + #{count} - 1) FROM serialised",
            databaseId = "postgres")
    long skip(int count);

    /** Reserves {@code count} positions below the lowest handed out to backfilled events; answers the lowest. */
    @Select("UPDATE historic_position SET position = position - #{count} WHERE id = 1 RETURNING position")
    long reserveHistoric(int count);

    /** The highest committed position; on PostgreSQL every position below it has committed or rolled back. */
    @Select(value = "SELECT position FROM stream_position", databaseId = "sqlite")
    @Select(value = "SELECT GREATEST((SELECT MAX(stream_position) FROM events),"
            + " (SELECT MAX(stream_position) FROM account_data), (SELECT MAX(stream_position) FROM receipts),"
            + " (SELECT MAX(stream_position) FROM partial_state_completions), 0)", databaseId = "postgres")
    long current();
}
