package org.hearth.core.internal.event;

import static org.hearth.core.internal.event.CanonicalJson.LENIENT;
import static org.hearth.core.internal.event.CanonicalJson.STRICT;
import static org.hearth.core.internal.event.EventIdFormat.EMBEDDED;
import static org.hearth.core.internal.event.EventIdFormat.REFERENCE_HASH;
import static org.hearth.core.internal.event.EventIdFormat.URL_SAFE_REFERENCE_HASH;
import static org.hearth.core.internal.event.RoomIdFormat.CREATE_EVENT_ID;
import static org.hearth.core.internal.event.RoomIdFormat.SERVER_CHOSEN;
import static org.hearth.core.internal.event.RoomVersion.Stability.STABLE;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hearth.core.internal.event.AuthRuleSet.PowerLevelNumbers;
import org.hearth.core.internal.event.RoomVersion.StateResolution;

/**
 * The room versions of the spec, all stable (Room Versions, "Complete list of room versions").
 * Each version's page says what it changed: 2 state resolution v2, 3 event IDs from the
 * reference hash, 4 in URL-safe Base64, 5 key validity, 6 strict canonical JSON and new
 * redaction rules, 7 knocking (auth rules only), 8 and 9 restricted joins, 10 integer power
 * levels (auth rules only), 11 redaction rules, 12 room IDs from the create event and state
 * resolution v2.1. Written as a table, one version a line, to compare them at a glance; the flags
 * of the authorisation rules, which change more often, come from {@link #auth(int)}. This is the
 * only place that knows what a version number means.
 */
public final class RoomVersions {
    public static final RoomVersion V1  = new RoomVersion("1",  STABLE, EMBEDDED,                SERVER_CHOSEN,   Redactor.V1,  LENIENT, false, StateResolution.V1,   auth(1));
    public static final RoomVersion V2  = new RoomVersion("2",  STABLE, EMBEDDED,                SERVER_CHOSEN,   Redactor.V1,  LENIENT, false, StateResolution.V2,   auth(2));
    public static final RoomVersion V3  = new RoomVersion("3",  STABLE, REFERENCE_HASH,          SERVER_CHOSEN,   Redactor.V1,  LENIENT, false, StateResolution.V2,   auth(3));
    public static final RoomVersion V4  = new RoomVersion("4",  STABLE, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   Redactor.V1,  LENIENT, false, StateResolution.V2,   auth(4));
    public static final RoomVersion V5  = new RoomVersion("5",  STABLE, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   Redactor.V1,  LENIENT, true,  StateResolution.V2,   auth(5));
    public static final RoomVersion V6  = new RoomVersion("6",  STABLE, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   Redactor.V6,  STRICT,  true,  StateResolution.V2,   auth(6));
    public static final RoomVersion V7  = new RoomVersion("7",  STABLE, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   Redactor.V6,  STRICT,  true,  StateResolution.V2,   auth(7));
    public static final RoomVersion V8  = new RoomVersion("8",  STABLE, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   Redactor.V8,  STRICT,  true,  StateResolution.V2,   auth(8));
    public static final RoomVersion V9  = new RoomVersion("9",  STABLE, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   Redactor.V9,  STRICT,  true,  StateResolution.V2,   auth(9));
    public static final RoomVersion V10 = new RoomVersion("10", STABLE, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   Redactor.V9,  STRICT,  true,  StateResolution.V2,   auth(10));
    public static final RoomVersion V11 = new RoomVersion("11", STABLE, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   Redactor.V11, STRICT,  true,  StateResolution.V2,   auth(11));
    public static final RoomVersion V12 = new RoomVersion("12", STABLE, URL_SAFE_REFERENCE_HASH, CREATE_EVENT_ID, Redactor.V11, STRICT,  true,  StateResolution.V2_1, auth(12));

    /** Every version, oldest first. */
    public static final List<RoomVersion> ALL = List.of(V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12);

    /** The version for new rooms: "Servers SHOULD use room version 12 as the default". */
    public static final RoomVersion DEFAULT = V12;

    private static final Map<String, RoomVersion> BY_ID =
            ALL.stream().collect(Collectors.toUnmodifiableMap(RoomVersion::id, Function.identity()));

    private RoomVersions() {
    }

    /**
     * The authorisation rules of version {@code v} ("Room versions", the feature matrix): 1-5 the
     * {@code m.room.aliases} rule, 1-2 the redaction rule, up to 10 the creator in the create
     * event's content, from 6 notifications in power levels, power levels as integers only from
     * 10 (strings too up to 9, floats up to 5), from 7 knocking, from 8 restricted joins, from
     * 10 knock_restricted, from 12 room IDs from the create event and creators above every level.
     */
    private static AuthRuleSet auth(int v) {
        PowerLevelNumbers numbers = v <= 5 ? PowerLevelNumbers.INTEGERS_STRINGS_FLOATS
                : v <= 9 ? PowerLevelNumbers.INTEGERS_STRINGS : PowerLevelNumbers.INTEGERS;
        return new AuthRuleSet(Integer.toString(v), v <= 5, v <= 2, v <= 10, v >= 6, numbers,
                v >= 7, v >= 8, v >= 10, v >= 12, v >= 12);
    }

    /** The version with this identifier, if the spec defines it. */
    public static Optional<RoomVersion> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }
}
