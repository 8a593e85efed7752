package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hearth.api.config.ConfigException;

/**
 * {@code auth_ldap.sync.group_rooms}: group DN → room ID or alias whose membership follows the
 * group. Checked now; acting on it needs rooms, which this version of Hearth does not have.
 */
final class GroupRooms {
    static final String KEY = "sync.group_rooms";

    private GroupRooms() {
    }

    /** The section arrives flattened: each group is the key {@code sync.group_rooms.<DN>}. */
    static Map<DN, String> parse(Map<String, ?> properties) {
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

    private static boolean isRoomReference(String room) {
        return (room.startsWith("!") || room.startsWith("#")) && room.indexOf(':') > 1 && room.indexOf(':') < room.length() - 1;
    }
}
