package org.hearth.itest.push;

import static org.hearth.itest.push.PushRulesContract.ids;
import static org.hearth.itest.push.PushersContract.set;
import static org.hearth.itest.push.ReceiptsContract.assertError;
import static org.hearth.itest.push.UnreadCountsContract.counted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * {@code push.legacy_mention_rules: true}: the mention rules spec v1.17 removed are every user's
 * predefined rules again, and a message that names a user only in its body (as bridged messages
 * do) highlights, counts and is pushed, even in a muted room; run once per database by the
 * subclasses, whose servers also allow push gateways on this machine.
 */
abstract class LegacyMentionRulesContract {
    private static final String RULES = "/_matrix/client/v3/pushrules/global/";
    private static final Duration WAIT = Duration.ofSeconds(15);

    abstract MatrixHttp http();

    private static void enable(Login who, String kindAndRule, boolean enabled) {
        Reply reply = who.http().put(RULES + kindAndRule + "/enabled", Map.of("enabled", enabled));
        assertEquals(200, reply.status(), reply.text());
    }

    private static String localpart(Login who) {
        return who.userId().substring(1, who.userId().indexOf(':'));
    }

    @Test
    void theLegacyRulesAreListedInTheirPlacesAndCanBeDisabledButNotDeleted() {
        Login me = Chat.user(http(), "legacy");
        JsonNode global = me.http().get("/_matrix/client/v3/pushrules/").json().get("global");
        assertEquals(List.of(".m.rule.master", ".m.rule.suppress_notices", ".m.rule.invite_for_me", ".m.rule.member_event",
                ".m.rule.is_user_mention", ".m.rule.contains_display_name", ".m.rule.is_room_mention", ".m.rule.roomnotif",
                ".m.rule.tombstone", ".m.rule.reaction", ".m.rule.room.server_acl", ".m.rule.suppress_edits"),
                ids(global.get("override")));
        assertEquals(List.of(".m.rule.contains_user_name"), ids(global.get("content")));
        JsonNode userName = global.at("/content/0");
        assertEquals(localpart(me), userName.get("pattern").asText(), userName.toString());
        assertTrue(userName.get("default").asBoolean());
        assertTrue(userName.get("enabled").asBoolean());
        assertEquals("room", global.at("/override/7/conditions/1/key").asText(), "roomnotif asks the notifications level");

        enable(me, "content/.m.rule.contains_user_name", false);
        assertFalse(me.http().get(RULES + "content/.m.rule.contains_user_name").json().get("enabled").asBoolean());
        assertEquals(200, me.http().put(RULES + "override/.m.rule.roomnotif/actions", Map.of("actions", List.of()))
                .status());
        assertEquals("[]", me.http().get(RULES + "override/.m.rule.roomnotif/actions").json().get("actions").toString());
        assertError(400, "M_INVALID_PARAM", me.http().delete(RULES + "override/.m.rule.contains_display_name"));
    }

    @Test
    void aBodyOnlyMentionInAMutedRoomIsPushedHighlightedAndCounted() {
        try (PushGatewayStub gateway = new PushGatewayStub()) {
            mentionsInAMutedRoom(gateway);
        }
    }

    private void mentionsInAMutedRoom(PushGatewayStub gateway) {
        Chat c = Chat.between(http());
        c.invite("carol"); // three members: no one-to-one rule
        Login bob = c.bob();
        assertEquals(200, bob.http().put("/_matrix/client/v3/profile/" + bob.userId() + "/displayname",
                Map.of("displayname", "Robert Tables")).status());
        assertEquals(200, set(bob, Map.of("kind", "http", "app_id", "org.example.app", "pushkey", "bobs-phone",
                "app_display_name", "Example", "device_display_name", "Phone", "lang", "en",
                "data", Map.of("url", gateway.url())))
                .status());
        Reply mute = bob.http().put(RULES + "room/" + c.roomId(), Map.of("actions", List.of("dont_notify")));
        assertEquals(200, mute.status(), mute.text());

        Chat.send(c.alice(), c.roomId(), "nothing for anyone");
        enable(bob, "override/.m.rule.contains_display_name", false);
        String byName = Chat.send(c.alice(), c.roomId(), "Second message - " + bob.userId());
        Await.until("the push of the mention", WAIT, () -> !gateway.about(byName).isEmpty());
        assertEquals("1/1", counted(Chat.sync(bob, null), c.roomId()), "the localpart, in a muted room");
        JsonNode highlights = bob.http().get("/_matrix/client/v3/notifications?only=highlight").json();
        assertEquals(byName, highlights.at("/notifications/0/event/event_id").asText(), highlights.toString());

        enable(bob, "override/.m.rule.contains_display_name", true);
        enable(bob, "content/.m.rule.contains_user_name", false);
        Chat.send(c.alice(), c.roomId(), "ask robert tables");
        assertEquals("2/2", counted(Chat.sync(bob, null), c.roomId()), "the display name");
        assertEquals(200, bob.http().put("/_matrix/client/v3/profile/" + bob.userId() + "/displayname",
                Map.of("displayname", "Bob T")).status()); // Bob's own member event: he has read the room
        Chat.send(c.alice(), c.roomId(), "ask robert tables again");
        assertEquals("0/0", counted(Chat.sync(bob, null), c.roomId()), "the old display name no longer");
        Chat.send(c.alice(), c.roomId(), "ask bob t");
        assertEquals("1/1", counted(Chat.sync(bob, null), c.roomId()), "the new display name");

        Chat.send(c.alice(), c.roomId(), Map.of("msgtype", "m.text", "body", "Bob T said so",
                "m.mentions", Map.of()));
        assertEquals("1/1", counted(Chat.sync(bob, null), c.roomId()), "m.mentions present: the body is not searched");

        enable(bob, "override/.m.rule.contains_display_name", false);
        String ignored = Chat.send(c.alice(), c.roomId(), "Bob T is " + bob.userId());
        assertEquals("1/1", counted(Chat.sync(bob, null), c.roomId()), "both disabled");
        String later = Chat.send(c.alice(), c.roomId(), Map.of("msgtype", "m.text", "body", "later",
                "m.mentions", Map.of("user_ids", List.of(bob.userId()))));
        Await.until("the push of the later mention", WAIT, () -> !gateway.about(later).isEmpty());
        assertTrue(gateway.about(ignored).isEmpty(), "nothing pushed for the message the disabled rules ignore");
    }

    @Test
    void atRoomInTheBodyHighlightsWhenTheSenderMayNotifyTheRoom() {
        Chat c = Chat.between(http());
        Login carol = c.invite("carol");
        Chat.send(c.alice(), c.roomId(), "@room lunch is here");
        assertEquals("1/1", counted(Chat.sync(c.bob(), null), c.roomId()), "the room's creator has level 100");
        Chat.send(carol, c.roomId(), "@room me too");
        assertEquals("2/1", counted(Chat.sync(c.bob(), null), c.roomId()), "Carol (level 0) is below notifications.room");
    }
}
