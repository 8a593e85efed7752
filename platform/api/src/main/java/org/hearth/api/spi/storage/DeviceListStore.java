package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whose device lists changed, in a stream of positions of its own (the {@code k} part of a sync
 * token), for {@code device_lists} in {@code /sync} and {@code /keys/changes} (Client-Server API,
 * "Tracking the device list for a user").
 *
 * <p>Changes are recorded by the writes that cause them, in their own transaction: a device
 * created, renamed or deleted ({@link DeviceStore}), device keys ({@link DeviceKeyStore}),
 * cross-signing keys and signatures ({@link CrossSigningStore}). A change is seen either by
 * everyone who shares a joined room with the user (and the user), or by one user alone.
 * Positions commit in order: every change at or below {@link #currentPosition} is visible.
 */
@ConsumerType
public interface DeviceListStore {

    /** The highest position handed out, or 0. */
    long currentPosition();

    /**
     * The users whose change at a position in (after, upTo] the viewer sees: their own, those of
     * users who now share a joined room with the viewer, and those recorded for the viewer alone.
     * A user who changed twice may be reported at the later position only.
     */
    Set<UserId> changedFor(UserId viewer, long after, long upTo);

    /** Of the users, those who share a joined room with the viewer now. */
    Set<UserId> sharingRoomWith(UserId viewer, Collection<UserId> users);

    /**
     * The membership events ({@code m.room.member}) of the rooms with a stream position in
     * (after, upTo] of the event stream, oldest first: joins and leaves change who tracks whom.
     */
    List<StoredEvent> memberEvents(Collection<String> roomIds, long after, long upTo);
}
