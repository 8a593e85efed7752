package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.List;
import java.util.Map;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.id.RoomId;
import org.hearth.api.room.Membership;
import org.hearth.api.id.UserId;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Rooms follow directory groups: members (nested too) join, leavers are kicked, failures stay in their room. */
class GroupRoomSyncTest {
    private static final String GROUPS = "ou=groups," + TestLdapServer.OPENLDAP_BASE;
    private static final UserId MANAGER = Logins.user("admin");

    @Test
    void membersJoinAndThoseWhoLeaveTheGroupAreKicked() throws Exception {
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        Logger auditLog = (Logger) LoggerFactory.getLogger("hearth.audit");
        Level level = auditLog.getLevel();
        auditLog.setLevel(Level.INFO); // the test configuration logs warnings only
        auditLog.addAppender(audit);
        try (TestLdapServer ldap = TestLdapServer.openLdap(); Logins logins = new Logins(config(ldap))) {
            FakeRooms rooms = new FakeRooms();
            rooms.create("!staff:example.org", "#staff:example.org", MANAGER);
            rooms.rooms.get(new RoomId("!staff:example.org")).put(Logins.user("local"), Membership.JOIN);
            logIn(logins, "alice", "alice-secret");
            logIn(logins, "bob", "bob-secret"); // in staff through engineers
            logIn(logins, "dave", "dave-secret"); // in no group

            assertEquals(new GroupRoomSync.Result(1, 2, 0), sync(logins, rooms).run());
            assertEquals(List.of(
                    "@admin:example.org invite @alice:example.org !staff:example.org",
                    "@admin:example.org invite @bob:example.org !staff:example.org",
                    "@alice:example.org join !staff:example.org",
                    "@bob:example.org join !staff:example.org"), rooms.changes);

            ldap.server().modify("cn=engineers," + GROUPS, new Modification(ModificationType.DELETE, "member",
                    "uid=bob,ou=people," + TestLdapServer.OPENLDAP_BASE));
            assertEquals(new GroupRoomSync.Result(1, 0, 1), sync(logins, rooms).run());
            assertEquals("@admin:example.org kick @bob:example.org !staff:example.org: removed from directory group cn=staff,"
                    + GROUPS, rooms.changes.get(4));
            assertEquals(Membership.JOIN, rooms.rooms.get(new RoomId("!staff:example.org")).get(Logins.user("local")), "not from the directory");
            assertEquals(new GroupRoomSync.Result(1, 0, 0), sync(logins, rooms).run(), "nothing left to do");
            List<String> syncLines = audit.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.startsWith("ldap sync:")).toList();
            assertEquals(5, syncLines.size(), "one audit line per invite, join and kick: " + syncLines);
            assertEquals("ldap sync: @admin:example.org kicked @bob:example.org from !staff:example.org: "
                    + "removed from directory group cn=staff," + GROUPS, syncLines.get(4));
        } finally {
            auditLog.detachAppender(audit);
            auditLog.setLevel(level);
        }
    }

    @Test
    void anUnknownRoomIsSkippedAndTheOthersSync() throws Exception {
        Map<String, Object> config;
        try (TestLdapServer ldap = TestLdapServer.openLdap()) {
            config = config(ldap);
            config.put("sync.group_rooms.cn=admins," + GROUPS, "#gone:example.org");
            try (Logins logins = new Logins(config)) {
                FakeRooms rooms = new FakeRooms();
                rooms.create("!staff:example.org", "#staff:example.org", MANAGER);
                logIn(logins, "alice", "alice-secret");
                assertEquals(new GroupRoomSync.Result(1, 1, 0), sync(logins, rooms).run());
            }
        }
    }

    private static Map<String, Object> config(TestLdapServer ldap) {
        Map<String, Object> config = ldap.openLdapConfig();
        config.put("sync.group_rooms.cn=staff," + GROUPS, "#staff:example.org");
        config.put("sync.room_manager", MANAGER.toString());
        return config;
    }

    private static void logIn(Logins logins, String name, String password) throws Exception {
        logins.admit((assertInstanceOf(AuthResult.Accepted.class, logins.login(name, password))));
    }

    private static GroupRoomSync sync(Logins logins, FakeRooms rooms) {
        return new GroupRoomSync(logins.directory, logins.users, rooms, rooms);
    }
}
