package org.hearth.api.spi.storage;

import java.util.List;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The user directory (Client-Server API, "User directory"): the users a searcher may find, those
 * who share a joined room with them and those joined to a public room (join rule {@code public} or
 * history visibility {@code world_readable}) that a local user is in, read from the current state
 * and the profiles as they are now; a user of another server is named by their member event. The
 * searcher finds themselves only through a public room, as in Synapse. Deactivated users are
 * never found.
 */
@ConsumerType
public interface UserDirectoryStore {

    /**
     * The users whose user ID or display name contains {@code term} (case-insensitive), ordered
     * by display name then user ID, at most {@code limit}.
     */
    List<Entry> search(UserId searcher, String term, int limit);

    /** One user found; {@code displayName} null when not set, {@code avatarUrlJson} the stored JSON value or null. */
    record Entry(UserId userId, String displayName, String avatarUrlJson) {}
}
