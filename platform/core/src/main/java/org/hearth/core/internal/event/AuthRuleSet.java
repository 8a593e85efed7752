package org.hearth.core.internal.event;

/**
 * What the authorisation rules of one room version switch on, as flags (rooms, "Room versions",
 * the "Authorisation rules" of each version and the feature matrix). Each {@link RoomVersion}
 * carries its own ({@link RoomVersions} is the one table); the rules read these flags and
 * nothing else compares room version numbers. Rule numbers are those of room version 11, as in
 * {@code AuthRules}.
 *
 * @param roomVersion the room version identifier, {@code "1"} to {@code "12"}
 * @param aliasesRule versions 1–5: rule 4 governs {@code m.room.aliases} (removed in version 6)
 * @param redactionRule versions 1–2: rule 11 requires the redact level or the same event ID
 *     domain for {@code m.room.redaction} (later versions treat redactions like any event)
 * @param creatorInContent versions 1–10: the creator is {@code content.creator} of the create
 *     event, which rule 1.4 requires; from version 11 on it is the create event's {@code sender}
 * @param notificationsInPowerLevels version 6 on: rules 9.6 and 9.7 also guard
 *     {@code notifications}
 * @param powerLevelNumbers how power level values may be written
 * @param knocking version 7 on: the {@code knock} join rule and membership
 * @param restrictedJoins version 8 on: the {@code restricted} join rule and
 *     {@code join_authorised_via_users_server}
 * @param knockRestrictedJoins version 10 on: the {@code knock_restricted} join rule
 * @param roomIdIsCreateEventId version 12: the room ID is the create event's ID with sigil
 *     {@code !} (version 12 rules 1.2 and 2), so the create event is not selected as an auth
 *     event (version 12 rule 3.2)
 * @param creatorsHaveInfinitePower version 12: the room creators ({@code sender} of the create
 *     event plus {@code content.additional_creators}) outrank every power level and may not be
 *     listed in {@code users} of {@code m.room.power_levels} (version 12 rules 1.4 and 10.4)
 */
public record AuthRuleSet(
        String roomVersion,
        boolean aliasesRule,
        boolean redactionRule,
        boolean creatorInContent,
        boolean notificationsInPowerLevels,
        PowerLevelNumbers powerLevelNumbers,
        boolean knocking,
        boolean restrictedJoins,
        boolean knockRestrictedJoins,
        boolean roomIdIsCreateEventId,
        boolean creatorsHaveInfinitePower) {

    /** How power level values may be written (room versions, "Deprecated event content schemas"). */
    public enum PowerLevelNumbers {
        /** Versions 1–5: integers, strings holding an integer, or floats (truncated). */
        INTEGERS_STRINGS_FLOATS,
        /** Versions 6–9: integers or strings holding an integer (canonical JSON forbids floats). */
        INTEGERS_STRINGS,
        /** Version 10 on: integers only, and rules 9.1 and 9.2 reject anything else. */
        INTEGERS;

        public boolean acceptsStrings() {
            return this != INTEGERS;
        }

        public boolean acceptsFloats() {
            return this == INTEGERS_STRINGS_FLOATS;
        }
    }
}
