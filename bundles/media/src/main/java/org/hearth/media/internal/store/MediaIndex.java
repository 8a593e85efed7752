package org.hearth.media.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.hearth.api.data.BundleDatabase;

/**
 * The media tables ({@code media_*}, owner {@code media}) through {@link BundleDatabase}:
 * which media ID names which file, who uploaded it, its type and name, and its thumbnails.
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
                    return Optional.of(new MediaRecord(row.getString(1), row.getString(2), row.getLong(3),
                            nullableLong(row, 4), nullableLong(row, 5), row.getString(6), row.getLong(7),
                            row.getString(8), row.getString(9)));
                }
            }
        });
    }

    public Optional<StoredThumbnail> thumbnail(String mediaId, int width, int height, String method) {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT content_hash, content_type, size FROM media_thumbnails "
                    + "WHERE media_id = ? AND width = ? AND height = ? AND method = ?")) {
                bind(select, mediaId, width, height, method);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new StoredThumbnail(row.getString(1), row.getString(2), row.getLong(3)))
                            : Optional.<StoredThumbnail>empty();
                }
            }
        });
    }

    /** Records a thumbnail; one made meanwhile by another request stays (the same image either way). */
    public void addThumbnail(String mediaId, int width, int height, String method, Blob blob, String contentType, long now) {
        db.transaction(c -> update(c, "INSERT INTO media_thumbnails (media_id, width, height, method, content_hash, "
                        + "content_type, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (media_id, width, height, method) DO NOTHING",
                mediaId, width, height, method, blob.hash(), contentType, blob.size(), now));
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
