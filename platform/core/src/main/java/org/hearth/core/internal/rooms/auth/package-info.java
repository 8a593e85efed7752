/**
 * The authorisation rules of room versions 1 to 12 (Server-Server API, "Checks performed on
 * receipt of a PDU"; the "Authorisation rules" section of each room version).
 *
 * <p>Pure logic over {@link org.hearth.core.internal.event.Pdu}s: no storage, no threads, no
 * signature verification of its own ({@link org.hearth.core.internal.rooms.auth.SignatureChecks}
 * is handed in). The differences between room versions are one value,
 * {@link org.hearth.core.internal.event.AuthRuleSet}; the rules themselves read it instead of
 * comparing version numbers.
 *
 * <p>Entry points: {@link org.hearth.core.internal.rooms.auth.AuthRules} (the state-dependent
 * rules, checked against a room state), {@link org.hearth.core.internal.rooms.auth.AuthEventsCheck}
 * (the rules about an event's own {@code auth_events}) and
 * {@link org.hearth.core.internal.rooms.auth.AuthEventSelection} (which state events a new event
 * cites as its auth events).
 */
package org.hearth.core.internal.rooms.auth;

import org.hearth.core.internal.event.AuthRuleSet;
