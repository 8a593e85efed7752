package org.hearth.core.internal.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.junit.jupiter.api.Test;

/** The spec's predefined rules and conditions evaluated against the events of its examples. */
class CompiledRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ME = "@me:example.org";
    private static final String OTHER = "@other:example.org";

    private static PushActions evaluate(PushRuleSet set, Object event, int members, long senderLevel, String myName) {
        JsonNode json = JSON.valueToTree(event);
        PushContext context = new PushContext(json, members, senderLevel, key -> 50, u -> myName);
        PushActions direct = CompiledRules.of(set, ME, false).evaluate(context, ME);
        assertEquals(direct, CompiledRules.of(set, ME, true).evaluate(context, ME), "reduced for the event first");
        return direct;
    }

    private static PushActions evaluate(Object event, int members) {
        return evaluate(defaults(), event, members, 0, "Me");
    }

    private static PushRuleSet defaults() {
        return PushRuleSet.of(UserId.parse(ME).orElseThrow(), Optional.empty(), false);
    }

    private static Map<String, Object> message(String body, Map<String, Object> extra) {
        Map<String, Object> content = new java.util.HashMap<>(Map.of("msgtype", "m.text", "body", body));
        content.putAll(extra);
        return Map.of("type", "m.room.message", "sender", OTHER, "room_id", "!r:example.org", "content", content);
    }

    @Test
    void messagesNotifyAndOneToOneRoomsToo() {
        PushActions inDm = evaluate(message("hi", Map.of()), 2);
        assertTrue(inDm.notifies());
        assertFalse(inDm.highlight());
        assertTrue(inDm.json().contains("sound"), "room_one_to_one sets a sound: " + inDm.json());
        PushActions inGroup = evaluate(message("hi", Map.of()), 3);
        assertTrue(inGroup.notifies());
        assertFalse(inGroup.json().contains("sound"), ".m.rule.message: " + inGroup.json());
    }

    @Test
    void mentionsHighlight() {
        PushActions mention = evaluate(message("hey", Map.of("m.mentions", Map.of("user_ids", List.of(ME)))), 3);
        assertTrue(mention.highlight());
        PushActions room = evaluate(defaults(), message("all", Map.of("m.mentions", Map.of("room", true))), 3, 50, "Me");
        assertTrue(room.highlight(), "@room from a sender with the notifications level");
        PushActions weak = evaluate(defaults(), message("all", Map.of("m.mentions", Map.of("room", true))), 3, 0, "Me");
        assertFalse(weak.highlight(), "@room from a sender below it");
        assertTrue(weak.notifies());
    }

    /**
     * One event, evaluated for each member of a room with the answers the context keeps: each
     * hears of a mention of their own ID only, whether their rules are the first or the last
     * compiled with the condition that names them.
     */
    @Test
    void eachOfManyMembersHearsOfTheirOwnMentionOnly() {
        List<String> members = IntStream.range(0, 30).mapToObj(i -> "@m" + i + ":example.org").toList();
        JsonNode mention = JSON.valueToTree(message("hey", Map.of("m.mentions",
                Map.of("user_ids", List.of("@m3:example.org", "@m17:example.org")))));
        PushContext context = new PushContext(mention, 30, 0, key -> 50, u -> null);
        for (int round = 0; round < 2; round++) { // the second: every condition compiled before, by another user too
            PushContext event = round == 0 ? context : new PushContext(mention, 30, 0, key -> 50, u -> null);
            for (String member : members) {
                PushActions actions = CompiledRules.of(PushRuleSet.of(UserId.parse(member).orElseThrow(),
                        Optional.empty(), false), member, false).evaluate(event, member);
                assertTrue(actions.notifies(), member);
                assertEquals(member.equals("@m3:example.org") || member.equals("@m17:example.org"), actions.highlight(),
                        member);
            }
        }
    }

    /**
     * The rules compiled for one member, as members with the predefined rules share them, give
     * each member their own answers: the mention and the invite of their own ID only, the
     * invite's ID matched ignoring case as the spec's glob does.
     */
    @Test
    void rulesCompiledForOneMemberAnswerForEach() {
        CompiledRules shared = CompiledRules.of(PushRuleSet.of(UserId.parse("@m0:example.org").orElseThrow(),
                Optional.empty(), false), "@m0:example.org", true);
        PushContext mention = new PushContext(JSON.valueToTree(message("hey", Map.of("m.mentions",
                Map.of("user_ids", List.of("@m3:example.org"))))), 30, 0, key -> 50, u -> null);
        PushContext invite = new PushContext(JSON.valueToTree(Map.of("type", "m.room.member", "sender", OTHER,
                "state_key", "@M5:example.org", "content", Map.of("membership", "invite"))), 30, 0, key -> 50, u -> null);
        for (int i = 0; i < 30; i++) {
            String member = "@m" + i + ":example.org";
            PushActions toMention = shared.evaluate(mention, member);
            assertTrue(toMention.notifies(), member);
            assertEquals(i == 3, toMention.highlight(), member);
            assertEquals(i == 5, shared.evaluate(invite, member).notifies(), member);
        }
    }

    /** Which users may share compiled rules: those whose rules differ only by their IDs. */
    @Test
    void usersWithThePredefinedRulesHaveOneShape() throws MatrixException {
        UserId alice = UserId.parse("@alice:example.org").orElseThrow();
        UserId bob = UserId.parse("@bob:example.org").orElseThrow();
        PushRuleSet bobs = PushRuleSet.of(bob, Optional.empty(), false);
        assertEquals(PushRuleSet.of(alice, Optional.empty(), false).shape(alice), bobs.shape(bob));

        bobs.setEnabled(PushRuleKind.OVERRIDE, ".m.rule.suppress_notices", false);
        assertTrue(bobs.shape(bob).isPresent());
        assertFalse(bobs.shape(bob).equals(PushRuleSet.of(alice, Optional.empty(), false).shape(alice)),
                "a predefined rule changed");
        bobs.put(PushRuleKind.SENDER, "@carol:example.org", JSON.valueToTree(Map.of("actions", List.of())), null, null);
        assertTrue(bobs.shape(bob).isEmpty(), "rules of their own");
        assertTrue(PushRuleSet.of(alice, Optional.empty(), true).shape(alice).isEmpty(),
                "the legacy mention rules name the localpart");
        UserId starred = UserId.parse("@st*r:example.org").orElseThrow();
        assertTrue(PushRuleSet.of(starred, Optional.empty(), false).shape(starred).isEmpty(), "a glob's wildcard in the ID");
    }

    @Test
    void legacyMentionRulesFindMentionsInTheBodyOnlyWhenAsked() throws MatrixException {
        PushRuleSet legacy = PushRuleSet.of(UserId.parse(ME).orElseThrow(), Optional.empty(), true);
        assertEquals(List.of(".m.rule.master", ".m.rule.suppress_notices", ".m.rule.invite_for_me",
                ".m.rule.member_event", ".m.rule.is_user_mention", ".m.rule.contains_display_name",
                ".m.rule.is_room_mention", ".m.rule.roomnotif", ".m.rule.tombstone", ".m.rule.reaction",
                ".m.rule.room.server_acl", ".m.rule.suppress_edits"), ids(legacy.rules(PushRuleKind.OVERRIDE)));
        assertEquals("me", legacy.rule(PushRuleKind.CONTENT, ".m.rule.contains_user_name").get("pattern").asText());
        assertEquals(defaults().rules(PushRuleKind.UNDERRIDE), legacy.rules(PushRuleKind.UNDERRIDE));

        assertTrue(evaluate(legacy, message("ping @me:example.org", Map.of()), 3, 0, "Someone").highlight(), "localpart");
        assertTrue(evaluate(legacy, message("ask Mister Me", Map.of()), 3, 0, "Mister Me").highlight(), "display name");
        assertTrue(evaluate(legacy, message("@room lunch", Map.of()), 3, 50, "Mister Me").highlight(), "@room");
        assertFalse(evaluate(legacy, message("@room lunch", Map.of()), 3, 0, "Mister Me").highlight(), "@room, too weak");
        assertFalse(evaluate(legacy, message("ping me", Map.of("m.mentions", Map.of())), 3, 50, "Me").highlight(),
                "a client that says whom it mentions is believed");
        assertFalse(evaluate(legacy, message("theme", Map.of()), 3, 0, "Someone").highlight(), "word boundaries");
        assertFalse(evaluate(defaults(), message("ping me", Map.of()), 3, 50, "Me").highlight(), "off by default");

        legacy.setEnabled(PushRuleKind.CONTENT, ".m.rule.contains_user_name", false);
        assertFalse(evaluate(legacy, message("ping @me:example.org", Map.of()), 3, 0, "Someone").highlight());
    }

    private static List<String> ids(JsonNode rules) {
        List<String> out = new java.util.ArrayList<>();
        rules.forEach(r -> out.add(r.get("rule_id").asText()));
        return out;
    }

    @Test
    void noticesEditsReactionsAndMembershipsDoNotNotify() {
        assertFalse(evaluate(message("bot", Map.of("msgtype", "m.notice")), 3).notifies());
        assertFalse(evaluate(message("* fixed", Map.of("m.relates_to", Map.of("rel_type", "m.replace", "event_id", "$x"))), 3)
                .notifies());
        assertFalse(evaluate(Map.of("type", "m.reaction", "sender", OTHER, "content", Map.of()), 3).notifies());
        assertFalse(evaluate(Map.of("type", "m.room.member", "sender", OTHER, "state_key", OTHER,
                "content", Map.of("membership", "join")), 3).notifies());
    }

    @Test
    void anInviteForMeNotifiesAndAnEncryptedMessageToo() {
        PushActions invite = evaluate(Map.of("type", "m.room.member", "sender", OTHER, "state_key", ME,
                "content", Map.of("membership", "invite")), 2);
        assertTrue(invite.notifies());
        assertTrue(evaluate(Map.of("type", "m.room.encrypted", "sender", OTHER, "content", Map.of()), 5).notifies());
        assertTrue(evaluate(Map.of("type", "m.room.tombstone", "sender", OTHER, "state_key", "", "content", Map.of()), 5)
                .highlight());
    }

    @Test
    void theMasterRuleSilencesEverything() throws MatrixException {
        PushRuleSet set = defaults();
        set.setEnabled(PushRuleKind.OVERRIDE, ".m.rule.master", true);
        assertFalse(evaluate(set, message("hi", Map.of("m.mentions", Map.of("user_ids", List.of(ME)))), 2, 0, "Me")
                .notifies());
    }

    @Test
    void ownRulesComeBeforeTheDefaults() throws MatrixException {
        PushRuleSet set = defaults();
        set.put(PushRuleKind.ROOM, "!r:example.org", JSON.valueToTree(Map.of("actions", List.of())), null, null);
        assertFalse(evaluate(set, message("hi", Map.of()), 3, 0, "Me").notifies(), "a muted room");
        set.put(PushRuleKind.CONTENT, "cake", JSON.valueToTree(Map.of("pattern", "cake*",
                "actions", List.of("notify", Map.of("set_tweak", "highlight")))), null, null);
        set.delete(PushRuleKind.ROOM, "!r:example.org");
        assertTrue(evaluate(set, message("Who wants CAKES?", Map.of()), 3, 0, "Me").highlight());
        assertFalse(evaluate(set, message("pancakes", Map.of()), 3, 0, "Me").highlight(), "at word boundaries only");
        set.put(PushRuleKind.OVERRIDE, "name", JSON.valueToTree(Map.of("conditions",
                List.of(Map.of("kind", "contains_display_name")), "actions", List.of("notify",
                        Map.of("set_tweak", "highlight", "value", true)))), null, null);
        assertTrue(evaluate(set, message("ping alice-bob!", Map.of()), 3, 0, "Alice-Bob").highlight());
        assertFalse(evaluate(set, message("ping alice-bobby", Map.of()), 3, 0, "Alice-Bob").highlight());
        set.put(PushRuleKind.OVERRIDE, "unknown", JSON.valueToTree(Map.of("conditions",
                List.of(Map.of("kind", "no_such_condition")), "actions", List.of("notify",
                        Map.of("set_tweak", "highlight")))), "name", null);
        assertFalse(evaluate(set, message("x", Map.of()), 3, 0, "Me").highlight(), "an unknown condition never matches");
    }

    @Test
    void conditions() {
        JsonNode event = JSON.valueToTree(Map.of("type", "m.room.topic", "content", Map.of("topic", "Lunch plans",
                "m.federate", true, "n", 3, "alt_aliases", List.of("#a:x", "#b:x"), "dotted.key", "yes")));
        PushContext context = new PushContext(event, 7, 50, key -> 50, u -> null);
        assertTrue(test(Map.of("kind", "event_match", "key", "content.topic", "pattern", "lunc?*"), context));
        assertFalse(test(Map.of("kind", "event_match", "key", "content.topic", "pattern", "lunc"), context));
        assertFalse(test(Map.of("kind", "event_match", "key", "content.n", "pattern", "*"), context), "not a string");
        assertFalse(test(Map.of("kind", "event_match", "key", "content.absent", "pattern", "*"), context));
        assertTrue(test(Map.of("kind", "event_property_is", "key", "content.m\\.federate", "value", true), context));
        assertFalse(test(Map.of("kind", "event_property_is", "key", "content.m\\.federate", "value", "true"), context));
        assertTrue(test(Map.of("kind", "event_property_is", "key", "content.n", "value", 3), context));
        assertTrue(test(Map.of("kind", "event_property_is", "key", "content.dotted\\.key", "value", "yes"), context));
        assertTrue(test(Map.of("kind", "event_property_contains", "key", "content.alt_aliases", "value", "#b:x"), context));
        assertFalse(test(Map.of("kind", "event_property_contains", "key", "content.alt_aliases", "value", ":x"), context));
        assertTrue(test(Map.of("kind", "room_member_count", "is", "7"), context));
        assertTrue(test(Map.of("kind", "room_member_count", "is", ">=7"), context));
        assertFalse(test(Map.of("kind", "room_member_count", "is", "<7"), context));
        assertTrue(test(Map.of("kind", "room_member_count", "is", ">6"), context));
        assertFalse(test(Map.of("kind", "room_member_count", "is", "lots"), context));
        assertTrue(test(Map.of("kind", "sender_notification_permission", "key", "room"), context));
    }

    @Test
    void bodyGlobsMatchAtWordBoundaries() {
        Pattern p = PushConditions.Glob.compile("ex*ple", true);
        assertTrue(p.matcher("An example event.").find());
        assertTrue(p.matcher("exple").find());
        assertTrue(p.matcher("An exciting triple-whammy").find());
        assertFalse(p.matcher("examples").find());
        assertTrue(PushConditions.Glob.compile("a.b", false).matcher("A.B").find(), "dots are literal, case ignored");
        assertFalse(PushConditions.Glob.compile("a.b", false).matcher("axb").find());
    }

    private static boolean test(Map<String, Object> condition, PushContext context) {
        return PushConditions.compile(JSON.valueToTree(condition)).test(context, ME);
    }

    @Test
    void theRuleSetSurvivesStoring() throws MatrixException {
        PushRuleSet set = defaults();
        set.put(PushRuleKind.SENDER, OTHER, JSON.valueToTree(Map.of("actions", List.of("notify"))), null, null);
        set.setActions(PushRuleKind.UNDERRIDE, ".m.rule.message", JSON.valueToTree(List.of()));
        PushRuleSet again = PushRuleSet.of(UserId.parse(ME).orElseThrow(), Optional.of(set.stored()), false);
        assertEquals(set.global(), again.global());
    }
}
