package org.hearth.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * May this event be accepted? Asked, highest {@code service.ranking} first, after the room's
 * authorization rules passed and before the event is stored, for every event a local user sends
 * (messages, state, membership, room creation) and for the membership events other servers ask
 * this server to accept (invites of local users, joins, leaves and knocks through this server).
 * The first {@link Verdict.Deny} refuses it, with nothing stored.
 * {@link RoomEvent#eventId()} is already set.
 *
 * <p>A policy must answer quickly: it runs while the room's writes wait.
 */
@ConsumerType
public interface EventPolicy {

    Verdict check(ProposedEvent event);
}
