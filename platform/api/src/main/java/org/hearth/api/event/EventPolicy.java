package org.hearth.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * May this event be accepted? Asked, highest {@code service.ranking} first, for every event a
 * local user sends (messages, state, membership, room creation), after the room's authorization
 * rules passed and before the event is stored; the first {@link Verdict.Deny} refuses it.
 * {@link ProposedEvent#eventId()} is already set, but nothing is stored yet.
 *
 * <p>A policy must answer quickly: it runs while the room's writes wait.
 */
@ConsumerType
public interface EventPolicy {

    Verdict check(ProposedEvent event);
}
