package org.hearth.core.internal.rooms.auth;

/** The event types the authorisation rules name (room versions, "Authorisation rules"). */
public final class EventTypes {
    public static final String CREATE = "m.room.create";
    public static final String MEMBER = "m.room.member";
    public static final String POWER_LEVELS = "m.room.power_levels";
    public static final String JOIN_RULES = "m.room.join_rules";
    public static final String THIRD_PARTY_INVITE = "m.room.third_party_invite";
    public static final String ALIASES = "m.room.aliases";
    public static final String REDACTION = "m.room.redaction";

    private EventTypes() {
    }
}
