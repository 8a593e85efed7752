package org.hearth.core.internal.rooms.stateres;

import java.util.Optional;
import org.hearth.core.internal.rooms.auth.AuthRules;

/**
 * Which state resolution algorithm a room version uses (rooms, "Room versions": version 1 has
 * its own, versions 2–11 use v2, version 12 uses v2.1).
 */
public enum StateResolutionAlgorithm {
    V1, V2, V2_1;

    /** Empty for a room version these algorithms do not cover. */
    public static Optional<StateResolutionAlgorithm> forRoomVersion(String roomVersion) {
        return switch (roomVersion) {
            case "1" -> Optional.of(V1);
            case "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" -> Optional.of(V2);
            case "12" -> Optional.of(V2_1);
            default -> Optional.empty();
        };
    }

    /** The resolver, checking events with the room version's {@code rules}. */
    public StateResolver resolver(AuthRules rules) {
        return switch (this) {
            case V1 -> new StateResolutionV1(rules);
            case V2 -> StateResolutionV2.v2(rules);
            case V2_1 -> StateResolutionV2.v21(rules);
        };
    }
}
