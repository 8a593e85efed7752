package org.hearth.core.internal.rooms;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code rooms:} section of {@code conf/hearth.yaml} (PID {@code hearth.rooms}). Method names
 * follow the DS and metatype naming rule: {@code _} is a dot, {@code __} an underscore in the key.
 */
@ObjectClassDefinition(name = "Rooms", description = "The rooms: section of conf/hearth.yaml")
@interface RoomsConfig {
    @AttributeDefinition(required = false, min = "1",
            description = "Rooms whose writing state stays in memory between events (about 7.5 KB each)")
    int cached__rooms() default RoomWriter.DEFAULT_CACHED_ROOMS;

    @AttributeDefinition(required = false,
            description = "The version of rooms created without one (a supported room version ID)")
    String default__room__version() default "12";

    @AttributeDefinition(required = false,
            description = "Join rooms of other servers with partial state (send_join with omit_members): usable at once, "
                    + "the members fetched in the background")
    boolean partial__state__joins() default true;
}
