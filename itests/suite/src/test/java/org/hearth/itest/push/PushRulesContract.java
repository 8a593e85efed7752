package org.hearth.itest.push;

import static org.hearth.itest.push.ReceiptsContract.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/** {@code /pushrules}: the predefined rules, changes, order and errors; run once per database by the subclasses. */
abstract class PushRulesContract {
    private static final String RULES = "/_matrix/client/v3/pushrules/";
    private static final Map<String, Object> NOTIFY = Map.of("actions", List.of("notify"));

    abstract MatrixHttp http();

    Login user() {
        return Chat.user(http(), "pushy");
    }

    static List<String> ids(JsonNode rules) {
        List<String> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.get("rule_id").asText()));
        return out;
    }

    static Reply put(Login who, String path, Object body) {
        return who.http().put(RULES + path, body);
    }

    static Map<String, Object> withActions(Map<String, Object> body) {
        Map<String, Object> out = new java.util.HashMap<>(body);
        out.put("actions", List.of("notify", Map.of("set_tweak", "sound", "value", "default")));
        return out;
    }

    @Test
    void theSpecsPredefinedRulesInOrder() {
        Login me = user();
        JsonNode global = me.http().get(RULES).json().get("global");
        assertEquals(List.of(".m.rule.master", ".m.rule.suppress_notices", ".m.rule.invite_for_me", ".m.rule.member_event",
                ".m.rule.is_user_mention", ".m.rule.is_room_mention", ".m.rule.tombstone", ".m.rule.reaction",
                ".m.rule.room.server_acl", ".m.rule.suppress_edits"), ids(global.get("override")));
        assertEquals(List.of(".m.rule.call", ".m.rule.encrypted_room_one_to_one", ".m.rule.room_one_to_one",
                ".m.rule.message", ".m.rule.encrypted"), ids(global.get("underride")));
        assertEquals(0, global.get("content").size() + global.get("room").size() + global.get("sender").size());
        JsonNode mention = global.at("/override/4/conditions/0");
        assertEquals(me.userId(), mention.get("value").asText(), "the user's own ID filled in: " + mention);
        assertTrue(global.at("/override/0/default").asBoolean());
        assertFalse(global.at("/override/0/enabled").asBoolean(), "master is off");
        assertEquals(global, me.http().get(RULES + "global/").json());
    }

    @Test
    void rulesOfEveryKindCanBeAddedReadAndDeleted() {
        Login me = user();
        Map<String, Map<String, Object>> rules = Map.of(
                "room/!spam:example.com", Map.of(),
                "sender/@bob:example.com", Map.of(),
                "content/my_content_rule", Map.of("pattern", "my_pattern"),
                "content/тест", Map.of("pattern", "тест"),
                "override/my_override", Map.of("conditions", List.of(
                        Map.of("kind", "event_match", "key", "content.msgtype", "pattern", "m.notice"))),
                "underride/my_underride", Map.of("conditions", List.of()));
        rules.forEach((path, body) -> {
            Reply reply = put(me, "global/" + path, withActions(body));
            assertEquals(200, reply.status(), path + ": " + reply.text());
            String kind = path.substring(0, path.indexOf('/'));
            String id = path.substring(path.indexOf('/') + 1);
            JsonNode rule = me.http().get(RULES + "global/" + path).json();
            assertEquals(id, rule.get("rule_id").asText());
            assertFalse(rule.get("default").asBoolean());
            assertTrue(rule.get("enabled").asBoolean());
            assertTrue(ids(me.http().get(RULES + "global/" + kind + "/").json()).contains(id));
            assertEquals("{\"enabled\":true}", me.http().get(RULES + "global/" + path + "/enabled").json().toString());
            assertEquals(rule.get("actions"), me.http().get(RULES + "global/" + path + "/actions").json().get("actions"));
        });
        assertEquals("my_pattern", me.http().get(RULES + "global/content/my_content_rule").json().get("pattern").asText());
        assertEquals(200, me.http().delete(RULES + "global/room/!spam:example.com").status());
        assertError(404, "M_NOT_FOUND", me.http().get(RULES + "global/room/!spam:example.com"));
        assertError(404, "M_NOT_FOUND", me.http().delete(RULES + "global/room/!spam:example.com"));
        assertError(400, "M_INVALID_PARAM", me.http().delete(RULES + "global/override/.m.rule.master"));

        Login other = user();
        assertError(404, "M_NOT_FOUND", other.http().get(RULES + "global/content/my_content_rule"));
    }

    @Test
    void newRulesComeFirstUnlessPlacedBeforeOrAfter() {
        Login me = user();
        Map<String, Object> body = withActions(Map.of("pattern", "x"));
        put(me, "global/content/a", body);
        put(me, "global/content/b", body);
        assertEquals(List.of("b", "a"), ids(me.http().get(RULES + "global/content/").json()));
        assertEquals(200, put(me, "global/content/c?before=a", body).status());
        assertEquals(List.of("b", "c", "a"), ids(me.http().get(RULES + "global/content/").json()));
        assertEquals(200, put(me, "global/content/d?after=a", body).status());
        assertEquals(List.of("b", "c", "a", "d"), ids(me.http().get(RULES + "global/content/").json()));
        assertEquals(200, put(me, "global/content/b?after=d", body).status(), "an existing rule moves");
        assertEquals(List.of("c", "a", "d", "b"), ids(me.http().get(RULES + "global/content/").json()));
        assertEquals(200, put(me, "global/content/a", body).status(), "an update in place");
        assertEquals(List.of("c", "a", "d", "b"), ids(me.http().get(RULES + "global/content/").json()));
        assertError(404, "M_NOT_FOUND", put(me, "global/content/e?before=nosuchrule", body));
        assertError(400, "M_INVALID_PARAM", put(me, "global/override/e?before=.m.rule.master",
                withActions(Map.of("conditions", List.of()))));

        put(me, "global/override/mine", withActions(Map.of("conditions", List.of())));
        List<String> overrides = ids(me.http().get(RULES + "global/override/").json());
        assertEquals(List.of(".m.rule.master", "mine", ".m.rule.suppress_notices"), overrides.subList(0, 3),
                "master first, then the user's own, then the other predefined rules");
    }

    @Test
    void predefinedRulesCanBeDisabledAndGivenOtherActions() {
        Login me = user();
        String since = Chat.sync(me, null).get("next_batch").asText();
        assertEquals(200, put(me, "global/underride/.m.rule.message/enabled", Map.of("enabled", false)).status());
        assertEquals(false, me.http().get(RULES + "global/underride/.m.rule.message/enabled").json().get("enabled").asBoolean());
        assertEquals(200, put(me, "global/override/.m.rule.master/enabled", Map.of("enabled", true)).status());
        assertTrue(me.http().get(RULES + "global/override/.m.rule.master").json().get("enabled").asBoolean());
        assertEquals(200, put(me, "global/underride/.m.rule.call/actions", Map.of("actions", List.of("dont_notify"))).status());
        assertEquals("[\"dont_notify\"]", me.http().get(RULES + "global/underride/.m.rule.call/actions").json()
                .get("actions").toString());

        JsonNode sync = Chat.sync(me, since);
        JsonNode pushRules = null;
        for (JsonNode e : sync.at("/account_data/events")) {
            if ("m.push_rules".equals(e.get("type").asText())) {
                pushRules = e.get("content");
            }
        }
        assertTrue(pushRules != null, "the change reaches the client as account data: " + sync);
        assertEquals(me.http().get(RULES).json().get("global"), pushRules.get("global"));

        assertError(404, "M_NOT_FOUND", put(me, "global/override/.m.rule.nosuchrule/enabled", Map.of("enabled", true)));
        assertError(404, "M_NOT_FOUND", put(me, "global/override/.m.rule.nosuchrule/actions", NOTIFY));
        assertError(404, "M_NOT_FOUND", put(me, "global/override/nosuchrule/actions", NOTIFY));
        assertError(405, "M_BAD_JSON", me.http().put("/_matrix/client/v3/user/" + me.userId() + "/account_data/m.push_rules",
                Map.of("global", Map.of())));
    }

    @Test
    void badRequestsAreRefused() {
        Login me = user();
        List<Object[]> puts = List.of(
                new Object[] {"", Map.of()},
                new Object[] {"not_a_scope/room/!spam:example.com", NOTIFY},
                new Object[] {"global", Map.of()},
                new Object[] {"global/room", Map.of()},
                new Object[] {"global/room/", NOTIFY},
                new Object[] {"global/not_a_template/foo", NOTIFY},
                new Object[] {"global/room/%23fo%5Co:example.com", NOTIFY},
                new Object[] {"global/room/.reserved", NOTIFY},
                new Object[] {"global/override/my_id", NOTIFY},
                new Object[] {"global/underride/my_id", NOTIFY},
                new Object[] {"global/underride/my_id", Map.of("actions", List.of("notify"), "conditions", List.of(Map.of()))},
                new Object[] {"global/content/my_id", NOTIFY},
                new Object[] {"global/room/!my_room:example.com", Map.of()},
                new Object[] {"global/room/!my_room:example.com", Map.of("actions", List.of("not_an_action"))},
                new Object[] {"global/override/.m.rule.master/not_an_attr", Map.of("enabled", true)},
                new Object[] {"global/override/.m.rule.master/enabled", Map.of("enabled", "not a boolean")});
        for (Object[] put : puts) {
            Reply reply = put(me, (String) put[0], put[1]);
            assertEquals(400, reply.status(), put[0] + ": " + reply.text());
            assertTrue(reply.errcode().startsWith("M_"), reply.text());
        }
        assertEquals(404, me.http().get("/_matrix/client/v3/pushrules").status());
        for (String path : List.of("global", "global/room", "not_a_scope/", "global/not_a_template/",
                "global/override/.m.rule.master/not_an_attr")) {
            assertEquals(400, me.http().get(RULES + path).status(), path);
        }
        assertError(404, "M_NOT_FOUND", me.http().get(RULES + "global/override/not_a_rule_id"));
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Map.of("kind", "event_match", "key", "type", "pattern", "x"));
        }
        assertError(400, "M_INVALID_PARAM", put(me, "global/override/big", Map.of("actions", List.of(), "conditions", tooMany)));
    }
}
