package org.hearth.api.room;

import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;

/**
 * On whose behalf a room is read: what {@link RoomViews} returns depends on it through the room's
 * history visibility (Client-Server API, "History visibility"; Server-Server API, "Restricting
 * access to events").
 */
public sealed interface Viewer permits Viewer.User, Viewer.Server, Viewer.Everything {

    /** A user (local or remote): history visibility and membership apply. */
    record User(UserId userId) implements Viewer {}

    /** Another homeserver: it sees what any of its users may see. */
    record Server(ServerName server) implements Viewer {}

    /**
     * This server itself, seeing everything: for moderation, audit and bundles acting for the
     * operator. Use it only where an operator could read the database anyway.
     */
    record Everything() implements Viewer {}

    static Viewer user(UserId userId) {
        return new User(userId);
    }

    static Viewer server(ServerName server) {
        return new Server(server);
    }

    Viewer EVERYTHING = new Everything();
}
