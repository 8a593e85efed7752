package org.hearth.core.internal.client.rooms;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code room_directory:} section of {@code conf/hearth.yaml} (PID {@code hearth.room_directory}).
 * Method names follow the DS and metatype naming rule: {@code __} is an underscore in the key.
 */
@ObjectClassDefinition(name = "Room directory", description = "The room_directory: section of conf/hearth.yaml")
@interface RoomDirectoryConfig {
    @AttributeDefinition(required = false,
            description = "GET /publicRooms answers clients without an access token")
    boolean public__without__auth() default false;
}
