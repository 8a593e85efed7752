package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.config.ConfigException;
import org.hearth.api.id.UserId;

/**
 * {@code auth_ldap.sync.group_rooms}: group DN → room ID or alias whose membership follows the
 * group, and {@code auth_ldap.sync.room_manager}: the local user who invites and kicks there.
 *
 * @param rooms   empty: no room follows a group
 * @param manager present whenever {@code rooms} is not empty
 */
record GroupRooms(Map<DN, String> rooms, Optional<UserId> manager) {
    static final String KEY = "sync.group_rooms";
    static final String MANAGER_KEY = "sync.room_manager";

    /** The section arrives flattened: each group is the key {@code sync.group_rooms.<DN>}. */
    static GroupRooms parse(Map<String, ?> properties) {
        Map<DN, String> rooms = rooms(properties);
        Optional<UserId> manager = manager(properties.get(MANAGER_KEY));
        if (!rooms.isEmpty() && manager.isEmpty()) {
            throw new ConfigException("auth_ldap." + MANAGER_KEY + ": required with " + KEY
                    + ": the local user who invites and kicks in those rooms, such as \"@admin:example.org\"");
        }
        return new GroupRooms(rooms, manager);
    }

    private static Map<DN, String> rooms(Map<String, ?> properties) {
        if (properties.containsKey(KEY)) {
            throw new ConfigException("auth_ldap." + KEY
                    + ": expected a mapping of group DN to room ID or alias, such as "
                    + "\"cn=staff,ou=groups,dc=example,dc=org\": \"#staff:example.org\"");
        }
        Map<DN, String> rooms = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            if (!entry.getKey().startsWith(KEY + ".")) {
                continue;
            }
            String group = entry.getKey().substring(KEY.length() + 1);
            String key = "auth_ldap." + KEY + "." + group;
            DN dn;
            try {
                dn = new DN(group);
            } catch (LDAPException e) {
                throw new ConfigException(key + ": not a group DN: " + e.getMessage());
            }
            if (!(entry.getValue() instanceof String room) || !isRoomReference(room)) {
                throw new ConfigException(key + ": expected a room ID (!id:server) or alias (#name:server), found "
                        + entry.getValue());
            }
            rooms.put(dn, room);
        }
        return Collections.unmodifiableMap(rooms);
    }

    private static Optional<UserId> manager(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<UserId> manager = value instanceof String text ? UserId.parse(text) : Optional.empty();
        if (manager.isEmpty()) {
            throw new ConfigException("auth_ldap." + MANAGER_KEY + ": expected a user ID such as \"@admin:example.org\", found "
                    + value);
        }
        return manager;
    }

    private static boolean isRoomReference(String room) {
        return (room.startsWith("!") || room.startsWith("#")) && room.indexOf(':') > 1 && room.indexOf(':') < room.length() - 1;
    }
}
