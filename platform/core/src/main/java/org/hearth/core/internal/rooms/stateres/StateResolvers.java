package org.hearth.core.internal.rooms.stateres;

import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.rooms.auth.AuthRules;

/** The state resolver of a room version (its {@link RoomVersion#stateResolution()}). */
public final class StateResolvers {
    private StateResolvers() {
    }

    /** The resolver of the version's algorithm, checking events with the version's {@code rules}. */
    public static StateResolver of(RoomVersion version, AuthRules rules) {
        return switch (version.stateResolution()) {
            case V1 -> new StateResolutionV1(rules);
            case V2 -> StateResolutionV2.v2(rules);
            case V2_1 -> StateResolutionV2.v21(rules);
        };
    }
}
