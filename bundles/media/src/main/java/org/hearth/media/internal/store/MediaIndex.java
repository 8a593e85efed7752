package org.hearth.media.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.Optional;
import org.hearth.api.data.BundleDatabase;

/**
 * The media tables ({@code media_*}, owner {@code media}) through {@link BundleDatabase}:
 * which media ID names which file, who uploaded it, its type and name, and its thumbnails; and
 * the media of other servers kept here ({@code media_remote}, by origin and media ID).
 */
public final class MediaIndex {
    static final String OWNER = "media";
    private static final String COLUMNS = "media_id, uploader, created_at, unused_expires_at, uploaded_at, content_hash, "
            + "size, content_type, filename";

    private final BundleDatabase db;

    /** Migrates the tables to this bundle's schema. */
    public MediaIndex(BundleDatabase db) {
        this.db = db;
        db.migrate(OWNER, MediaIndex.class.getClassLoader(), "media-migrations");
    }

    /** Records an upload under a new media ID. */
    public void addUploaded(String mediaId, String uploader, long now, Blob blob, String contentType, String filename) {
        db.transaction(c -> update(c, "INSERT INTO media_items (" + COLUMNS + ") VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)",
                mediaId, uploader, now, now, blob.hash(), blob.size(), contentType, filename));
    }

    /**
     * Reserves a media ID for a later upload ({@code POST /create}), unless the uploader already
     * has {@code maxPending} reservations that have not lapsed; lapsed ones are removed first.
     *
     * @return false when the uploader has too many
     */
    public boolean reserve(String mediaId, String uploader, long now, long expiresAt, int maxPending) {
        return db.transaction(c -> {
            update(c, "DELETE FROM media_items WHERE uploaded_at IS NULL AND unused_expires_at <= ?", now);
            long pending = count(c, "SELECT COUNT(*) FROM media_items WHERE uploader = ? AND uploaded_at IS NULL", uploader);
            if (pending >= maxPending) {
                return false;
            }
            update(c, "INSERT INTO media_items (" + COLUMNS + ") VALUES (?, ?, ?, ?, NULL, NULL, 0, NULL, NULL)",
                    mediaId, uploader, now, expiresAt);
            return true;
        });
    }

    /**
     * Fills a reserved media ID with its upload.
     *
     * @return false when it was filled meanwhile (or is gone): the upload lost the race
     */
    public boolean fill(String mediaId, long now, Blob blob, String contentType, String filename) {
        return db.transaction(c -> update(c, "UPDATE media_items SET uploaded_at = ?, unused_expires_at = NULL, "
                        + "content_hash = ?, size = ?, content_type = ?, filename = ? "
                        + "WHERE media_id = ? AND uploaded_at IS NULL",
                now, blob.hash(), blob.size(), contentType, filename, mediaId) == 1);
    }

    public Optional<MediaRecord> find(String mediaId) {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM media_items WHERE media_id = ?")) {
                select.setString(1, mediaId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new MediaRecord(null, row.getString(1), row.getString(2), row.getLong(3),
                            nullableLong(row, 4), nullableLong(row, 5), row.getString(6), row.getLong(7),
                            row.getString(8), row.getString(9)));
                }
            }
        });
    }

    /** Media of another server kept here, if it was fetched. */
    public Optional<MediaRecord> findRemote(String origin, String mediaId) {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT fetched_at, content_hash, size, content_type, "
                    + "filename FROM media_remote WHERE origin = ? AND media_id = ?")) {
                bind(select, origin, mediaId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(MediaRecord.remote(origin, mediaId, row.getLong(1),
                                    new Blob(row.getString(2), row.getLong(3)), row.getString(4), row.getString(5)))
                            : Optional.<MediaRecord>empty();
                }
            }
        });
    }

    /** Records media fetched from another server; one recorded meanwhile stays (the same media either way). */
    public void addRemote(MediaRecord media) {
        db.transaction(c -> update(c, "INSERT INTO media_remote (origin, media_id, fetched_at, content_hash, size, "
                        + "content_type, filename) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin, media_id) DO NOTHING",
                media.origin(), media.mediaId(), media.uploadedAt(), media.contentHash(), media.size(),
                media.contentType(), media.filename()));
    }

    public Optional<StoredThumbnail> thumbnail(MediaRecord media, int width, int height, String method) {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT content_hash, content_type, size FROM "
                    + thumbnailTable(media) + " WHERE " + keyColumns(media) + " AND width = ? AND height = ? AND method = ?")) {
                bind(select, key(media, width, height, method));
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new StoredThumbnail(row.getString(1), row.getString(2), row.getLong(3)))
                            : Optional.<StoredThumbnail>empty();
                }
            }
        });
    }

    /** Records a thumbnail; one made meanwhile by another request stays (the same image either way). */
    public void addThumbnail(MediaRecord media, int width, int height, String method, Blob blob, String contentType,
                             long now) {
        String key = media.origin() == null ? "media_id" : "origin, media_id";
        Object[] values = key(media, width, height, method, blob.hash(), contentType, blob.size(), now);
        db.transaction(c -> update(c, "INSERT INTO " + thumbnailTable(media) + " (" + key + ", width, height, method, "
                        + "content_hash, content_type, size, created_at) VALUES (" + "?, ".repeat(values.length - 1) + "?) "
                        + "ON CONFLICT (" + key + ", width, height, method) DO NOTHING", values));
    }

    private static String thumbnailTable(MediaRecord media) {
        return media.origin() == null ? "media_thumbnails" : "media_remote_thumbnails";
    }

    private static String keyColumns(MediaRecord media) {
        return media.origin() == null ? "media_id = ?" : "origin = ? AND media_id = ?";
    }

    /** The media's key (its ID, and its origin for remote media), then the values. */
    private static Object[] key(MediaRecord media, Object... values) {
        Object[] key = media.origin() == null ? new Object[] {media.mediaId()}
                : new Object[] {media.origin(), media.mediaId()};
        Object[] all = Arrays.copyOf(key, key.length + values.length);
        System.arraycopy(values, 0, all, key.length, values.length);
        return all;
    }

    private static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, values);
            return statement.executeUpdate();
        }
    }

    private static long count(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else if (value instanceof Integer n) {
                statement.setInt(i + 1, n);
            } else if (value instanceof Long n) {
                statement.setLong(i + 1, n);
            } else {
                statement.setString(i + 1, value.toString());
            }
        }
    }

    private static Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
