package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.config.ConfigException;
import org.hearth.api.id.UserId;
import org.junit.jupiter.api.Test;

/** The {@code auth_ldap:} section as ConfigAdmin hands it over: defaults, and errors naming the key. */
class LdapConfigTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> c = new HashMap<>();
        c.put("uris", new String[] {"ldaps://dc1.example.org", "ldap://[::1]:1389"});
        c.put("base_dn", "ou=people,dc=example,dc=org");
        return c;
    }

    private static String error(String key, Object value) {
        Map<String, Object> c = minimal();
        if (value == null) {
            c.remove(key);
        } else {
            c.put(key, value);
        }
        return assertThrows(ConfigException.class, () -> LdapConfig.parse(c)).getMessage();
    }

    @Test
    void defaults() throws Exception {
        Map<String, Object> fromConfigAdmin = minimal();
        fromConfigAdmin.put("service.pid", "hearth.auth_ldap");
        fromConfigAdmin.put("component.name", "org.hearth.auth.ldap.internal.Directory");
        LdapConfig config = LdapConfig.parse(fromConfigAdmin);
        assertEquals(List.of(new LdapUri("dc1.example.org", 636, true), new LdapUri("::1", 1389, false)), config.uris());
        assertFalse(config.startTls());
        assertEquals(new DN("ou=people,dc=example,dc=org"), config.groups().baseDn());
        assertEquals(new UserAttributes("uid", "uid", "cn", "mail", "entryUUID"), config.attributes());
        assertEquals(GroupMembership.MEMBER, config.groups().membership());
        assertTrue(config.allowLocalFallback());
        assertEquals(Duration.ofHours(1), config.syncInterval());
        assertEquals(Duration.ofSeconds(3), config.connectTimeout());
        assertEquals(10, config.poolSize());
        assertTrue(config.groupRooms().rooms().isEmpty());
        assertFalse(config.toString().contains("password"));
    }

    @Test
    void contractKeys() throws Exception {
        Map<String, Object> c = minimal();
        c.put("start_tls", true);
        c.put("bind_dn", "cn=hearth,dc=example,dc=org");
        c.put("bind_password", "secret");
        c.put("user_filter", "(&(objectCategory=person)(objectClass=user))");
        c.put("attributes.localpart", "sAMAccountName");
        c.put("attributes.displayname", "displayName");
        c.put("attributes.email", "mail");
        c.put("required_groups", new String[] {"CN=Staff,OU=Groups,DC=example,DC=org"});
        c.put("admin_groups", new String[] {"CN=Admins,OU=Groups,DC=example,DC=org"});
        c.put("sync.interval", "15m");
        c.put("sync.group_rooms.cn=team.a,ou=groups,dc=example,dc=org", "#team-a:example.org");
        c.put("sync.room_manager", "@admin:example.org");
        LdapConfig config = LdapConfig.parse(c);
        assertTrue(config.startTls());
        assertEquals("sAMAccountName", config.attributes().localpart());
        assertTrue(config.groups().required().contains(new DN("cn=staff,ou=groups,dc=example,dc=org")));
        assertEquals(Duration.ofMinutes(15), config.syncInterval());
        assertEquals(Map.of(new DN("cn=team.a,ou=groups,dc=example,dc=org"), "#team-a:example.org"), config.groupRooms().rooms());
        assertEquals(UserId.parse("@admin:example.org"), config.groupRooms().manager());
        assertFalse(config.toString().contains("secret"));
    }

    @Test
    void wrongValuesNameTheirKey() {
        assertTrue(error("uris", null).startsWith("auth_ldap.uris: at least one server"));
        assertTrue(error("uris", new String[] {"http://ldap.example.org"}).startsWith("auth_ldap.uris: \"http://"));
        assertTrue(error("uris", "ldap://one-string").startsWith("auth_ldap.uris: expected a list of strings"));
        assertTrue(error("base_dn", null).startsWith("auth_ldap.base_dn: required"));
        assertTrue(error("base_dn", "people").startsWith("auth_ldap.base_dn: \"people\" is not a DN"));
        assertTrue(error("bind_dn", "cn=x").startsWith("auth_ldap.bind_password: bind_dn and bind_password go together"));
        assertTrue(error("user_filter", "(uid=").startsWith("auth_ldap.user_filter: \"(uid=\" is not an LDAP filter"));
        assertTrue(error("required_groups", new String[] {"staff"}).startsWith("auth_ldap.required_groups: \"staff\" is not a DN"));
        assertTrue(error("group_membership", "nested").startsWith("auth_ldap.group_membership: expected member, memberof or ad_chain"));
        assertTrue(error("sync.interval", "soon").startsWith("auth_ldap.sync.interval: expected a duration"));
        assertTrue(error("pool_size", 0L).startsWith("auth_ldap.pool_size: 0 is out of range"));
        assertTrue(error("ca_file", "/nonexistent/ca.pem").startsWith("auth_ldap.ca_file: cannot read"));
        assertTrue(error("start_tls", "yes").startsWith("auth_ldap.start_tls: expected true or false"));
        assertTrue(error("bind_dn_template", "{username}@example.org").startsWith("auth_ldap.bind_dn_template: expected"));
        assertTrue(error("sync.group_rooms", "[{\"group\": \"cn=a\"}]").startsWith("auth_ldap.sync.group_rooms: expected a mapping"));
        assertTrue(error("sync.group_rooms.staff", "#staff:example.org").startsWith("auth_ldap.sync.group_rooms.staff: not a group DN"));
        assertTrue(error("sync.group_rooms.cn=staff,dc=example,dc=org", "staff")
                .startsWith("auth_ldap.sync.group_rooms.cn=staff,dc=example,dc=org: expected a room ID"));
        assertTrue(error("sync.group_rooms.cn=staff,dc=example,dc=org", "#staff:example.org")
                .startsWith("auth_ldap.sync.room_manager: required with sync.group_rooms"));
        assertTrue(error("sync.room_manager", "admin").startsWith("auth_ldap.sync.room_manager: expected a user ID"));
    }

    @Test
    void durations() {
        Map<String, Object> c = Map.of("a", "500ms", "b", 30L, "c", "2h", "d", "1d");
        assertEquals(Duration.ofMillis(500), Durations.read(c, "s", "a", Duration.ZERO));
        assertEquals(Duration.ofSeconds(30), Durations.read(c, "s", "b", Duration.ZERO));
        assertEquals(Duration.ofHours(2), Durations.read(c, "s", "c", Duration.ZERO));
        assertEquals(Duration.ofDays(1), Durations.read(c, "s", "d", Duration.ZERO));
        assertEquals(Duration.ZERO, Durations.read(c, "s", "missing", Duration.ZERO));
    }

    @Test
    void dnTemplateEscapesTheName() throws Exception {
        DnTemplate template = DnTemplate.parse("uid={username},ou=people,dc=example,dc=org");
        assertEquals(new DN("uid=bob\\,ou\\=x,ou=people,dc=example,dc=org"), template.dnFor("bob,ou=x"));
    }
}
