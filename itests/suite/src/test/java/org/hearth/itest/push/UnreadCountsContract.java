package org.hearth.itest.push;

import static org.hearth.itest.push.ReceiptsContract.receipt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/** Push rules evaluated for every member: the unread counts of /sync and receipts clearing them; per database. */
abstract class UnreadCountsContract {

    abstract MatrixHttp http();

    /** A room of Alice, Bob and Carol: .m.rule.message rather than the one-to-one rule. */
    Chat threeOfUs() {
        Chat chat = Chat.between(http());
        chat.invite("carol");
        return chat;
    }

    static JsonNode counts(JsonNode sync, String roomId) {
        return sync.at("/rooms/join/" + roomId + "/unread_notifications");
    }

    static String counted(JsonNode sync, String roomId) {
        JsonNode c = counts(sync, roomId);
        return c.path("notification_count").asLong(-1) + "/" + c.path("highlight_count").asLong(-1);
    }

    static JsonNode syncWithThreads(Login who) {
        String filter = URLEncoder.encode("{\"room\":{\"timeline\":{\"unread_thread_notifications\":true}}}",
                StandardCharsets.UTF_8);
        Reply reply = who.http().get("/_matrix/client/v3/sync?filter=" + filter);
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    @Test
    void messagesCountUntilAReceiptCoversThem() {
        Chat c = Chat.between(http());
        Login carol = c.invite("carol");
        Chat.send(c.bob(), c.roomId(), "my own message does not count for me");
        String bobSince = Chat.sync(c.bob(), null).get("next_batch").asText();
        String first = Chat.send(c.alice(), c.roomId(), "one");
        Chat.send(c.alice(), c.roomId(), "two");
        String mention = Chat.send(c.alice(), c.roomId(), Map.of("msgtype", "m.text", "body", "bob, look",
                "m.mentions", Map.of("user_ids", List.of(c.bob().userId()))));

        JsonNode sync = Chat.sync(c.bob(), bobSince);
        assertEquals("3/1", counted(sync, c.roomId()), sync.toString());
        assertEquals("3/1", counted(Chat.sync(c.bob(), null), c.roomId()), "an initial sync too");
        assertEquals("0/0", counted(Chat.sync(c.alice(), null), c.roomId()), "Alice's own messages read Bob's");
        assertEquals("4/0", counted(Chat.sync(carol, null), c.roomId()),
                "Carol, whose rules Bob's share, hears of Bob's message and not of his mention");

        assertEquals(200, receipt(c.bob(), c.roomId(), "m.read", first, Map.of()).status());
        JsonNode afterFirst = Chat.sync(c.bob(), sync.get("next_batch").asText());
        assertEquals("2/1", counted(afterFirst, c.roomId()), "a receipt brings the room back with fewer: " + afterFirst);
        assertEquals(200, receipt(c.bob(), c.roomId(), "m.read.private", mention, Map.of()).status());
        assertEquals("0/0", counted(Chat.sync(c.bob(), afterFirst.get("next_batch").asText()), c.roomId()),
                "a private receipt clears them too");
        Chat.send(c.alice(), c.roomId(), "three");
        assertEquals("1/0", counted(Chat.sync(c.bob(), null), c.roomId()));
        Chat.send(c.bob(), c.roomId(), "an answer reads the room");
        assertEquals("0/0", counted(Chat.sync(c.bob(), null), c.roomId()));
    }

    @Test
    void threadsCountApartWhenAsked() {
        Chat c = threeOfUs();
        String root = Chat.send(c.alice(), c.roomId(), "root");
        String inThread = Chat.send(c.alice(), c.roomId(), Map.of("msgtype", "m.text", "body", "reply",
                "m.relates_to", Map.of("rel_type", "m.thread", "event_id", root)));
        Chat.send(c.alice(), c.roomId(), Map.of("msgtype", "m.text", "body", "another",
                "m.relates_to", Map.of("rel_type", "m.thread", "event_id", root)));

        assertEquals("3/0", counted(Chat.sync(c.bob(), null), c.roomId()), "all together without the filter");
        JsonNode split = syncWithThreads(c.bob());
        assertEquals("1/0", counted(split, c.roomId()), split.toString());
        assertEquals(2, split.at("/rooms/join/" + c.roomId() + "/unread_thread_notifications/" + root
                + "/notification_count").asLong(), split.toString());

        receipt(c.bob(), c.roomId(), "m.read", inThread, Map.of("thread_id", root));
        JsonNode afterThreadReceipt = syncWithThreads(c.bob());
        assertEquals("1/0", counted(afterThreadReceipt, c.roomId()), "the main timeline keeps its count");
        assertEquals(1, afterThreadReceipt.at("/rooms/join/" + c.roomId() + "/unread_thread_notifications/" + root
                + "/notification_count").asLong(), afterThreadReceipt.toString());
        receipt(c.bob(), c.roomId(), "m.read", root, Map.of("thread_id", "main"));
        assertEquals("1/0", counted(Chat.sync(c.bob(), null), c.roomId()), "one left in the thread");
    }

    @Test
    void aMutedRoomCountsNothingAndAHighlightRuleHighlights() {
        Chat c = Chat.between(http());
        Login carol = c.invite("carol");
        Reply mute = c.bob().http().put("/_matrix/client/v3/pushrules/global/room/" + c.roomId(), Map.of("actions", List.of()));
        assertEquals(200, mute.status(), mute.text());
        Chat.send(c.alice(), c.roomId(), "hello");
        assertEquals("0/0", counted(Chat.sync(c.bob(), null), c.roomId()));
        assertEquals("1/0", counted(Chat.sync(carol, null), c.roomId()), "Carol did not mute it");

        c.bob().http().delete("/_matrix/client/v3/pushrules/global/room/" + c.roomId());
        c.bob().http().put("/_matrix/client/v3/pushrules/global/content/cake", Map.of("pattern", "cake",
                "actions", List.of("notify", Map.of("set_tweak", "highlight"))));
        Chat.send(c.alice(), c.roomId(), "there is CAKE");
        assertEquals("1/1", counted(Chat.sync(c.bob(), null), c.roomId()));
    }

    /** Spec v1.17 removed the rules that searched the body for mentions (push.legacy_mention_rules is off by default). */
    @Test
    void aMentionInTheBodyAloneDoesNotHighlight() {
        Chat c = threeOfUs();
        assertEquals(200, c.bob().http().put("/_matrix/client/v3/profile/" + c.bob().userId() + "/displayname",
                Map.of("displayname", "Robert Tables")).status());
        Chat.send(c.alice(), c.roomId(), "Robert Tables, ask " + c.bob().userId() + " and @room");
        assertEquals("1/0", counted(Chat.sync(c.bob(), null), c.roomId()));
        Reply mute = c.bob().http().put("/_matrix/client/v3/pushrules/global/room/" + c.roomId(),
                Map.of("actions", List.of("dont_notify")));
        assertEquals(200, mute.status(), mute.text());
        Chat.send(c.alice(), c.roomId(), "Second message - " + c.bob().userId());
        assertEquals("1/0", counted(Chat.sync(c.bob(), null), c.roomId()), "muted: not even counted");
    }

    /** .m.rule.invite_for_me: the invitee, not yet a member, hears of the invite; the members do not. */
    @Test
    void anInviteNotifiesTheInviteeAlone() {
        Chat c = threeOfUs();
        Login dave = Chat.user(http(), "dave");
        Reply invited = c.alice().http().post("/_matrix/client/v3/rooms/" + c.roomId() + "/invite",
                Map.of("user_id", dave.userId()));
        assertEquals(200, invited.status(), invited.text());
        Reply notifications = dave.http().get("/_matrix/client/v3/notifications");
        assertEquals(200, notifications.status(), notifications.text());
        JsonNode first = notifications.json().at("/notifications/0");
        assertEquals(c.roomId(), first.path("room_id").asText(), notifications.text());
        assertEquals("m.room.member", first.at("/event/type").asText());
        assertEquals(dave.userId(), first.at("/event/state_key").asText());
        assertEquals("0/0", counted(Chat.sync(c.bob(), null), c.roomId()), "a member hears nothing of it");
    }
}
