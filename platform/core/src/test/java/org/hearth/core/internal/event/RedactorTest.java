package org.hearth.core.internal.event;

import static org.hearth.core.internal.event.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The redaction rules of each room version: fragments "v1-redactions" (versions 1 to 5),
 * "v6-redactions" (6, 7), room version 8's own list, "v9-redactions" (9, 10) and
 * "v11-redactions" (11, 12).
 */
class RedactorTest {
    private static final Redactor[] UP_TO_V10 = {Redactor.V1, Redactor.V6, Redactor.V8, Redactor.V9};

    /** An event with every top-level key any version keeps, and some none keeps. */
    private static final String EVERY_TOP_LEVEL_KEY = """
            {
                "event_id": "$e:example.org", "type": "m.room.message", "room_id": "!r:example.org",
                "sender": "@alice:example.org", "state_key": "", "content": {"body": "hi"},
                "hashes": {"sha256": "aGFzaA"}, "signatures": {"example.org": {"ed25519:1": "c2ln"}},
                "depth": 4, "prev_events": ["$p"], "prev_state": [], "auth_events": ["$a"],
                "origin": "example.org", "origin_server_ts": 1000, "membership": "join",
                "unsigned": {"age": 5}, "redacts": "$x", "custom": true
            }""";

    private static JsonNode contentAfter(Redactor redactor, String type, String content) {
        return redactor.redact(object("{\"type\": \"" + type + "\", \"content\": " + content + "}")).get("content");
    }

    @Test
    void upToVersion10TheProtocolKeysStayAtTopLevel() {
        for (Redactor redactor : UP_TO_V10) {
            assertEquals(object("""
                    {
                        "event_id": "$e:example.org", "type": "m.room.message", "room_id": "!r:example.org",
                        "sender": "@alice:example.org", "state_key": "", "content": {},
                        "hashes": {"sha256": "aGFzaA"}, "signatures": {"example.org": {"ed25519:1": "c2ln"}},
                        "depth": 4, "prev_events": ["$p"], "prev_state": [], "auth_events": ["$a"],
                        "origin": "example.org", "origin_server_ts": 1000, "membership": "join"
                    }"""), redactor.redact(object(EVERY_TOP_LEVEL_KEY)), redactor.id());
        }
    }

    @Test
    void fromVersion11OriginMembershipAndPrevStateGoToo() {
        assertEquals(object("""
                {
                    "event_id": "$e:example.org", "type": "m.room.message", "room_id": "!r:example.org",
                    "sender": "@alice:example.org", "state_key": "", "content": {},
                    "hashes": {"sha256": "aGFzaA"}, "signatures": {"example.org": {"ed25519:1": "c2ln"}},
                    "depth": 4, "prev_events": ["$p"], "auth_events": ["$a"], "origin_server_ts": 1000
                }"""), Redactor.V11.redact(object(EVERY_TOP_LEVEL_KEY)));
    }

    @Test
    void memberEventsKeepMembershipAndLaterTheRestrictedJoinAuthoriser() {
        String content = """
                {"membership": "join", "displayname": "Alice", "join_authorised_via_users_server": "@bob:example.org",
                 "third_party_invite": {"display_name": "alice", "signed": {"token": "t"}}}""";
        for (Redactor redactor : new Redactor[] {Redactor.V1, Redactor.V6, Redactor.V8}) {
            assertEquals(object("{\"membership\": \"join\"}"), contentAfter(redactor, "m.room.member", content));
        }
        assertEquals(object("{\"membership\": \"join\", \"join_authorised_via_users_server\": \"@bob:example.org\"}"),
                contentAfter(Redactor.V9, "m.room.member", content));
        assertEquals(object("""
                {"membership": "join", "join_authorised_via_users_server": "@bob:example.org",
                 "third_party_invite": {"signed": {"token": "t"}}}"""),
                contentAfter(Redactor.V11, "m.room.member", content));
    }

    @Test
    void version11KeepsThirdPartyInviteOnlyAsAnObjectWithItsSignedKey() {
        assertEquals(object("{\"third_party_invite\": {}}"),
                contentAfter(Redactor.V11, "m.room.member", "{\"third_party_invite\": {\"display_name\": \"a\"}}"));
        assertEquals(object("{}"),
                contentAfter(Redactor.V11, "m.room.member", "{\"third_party_invite\": \"not an object\"}"));
    }

    @Test
    void createEventsKeepTheCreatorThenFromVersion11AllTheirContent() {
        String content = "{\"creator\": \"@alice:example.org\", \"room_version\": \"9\", \"m.federate\": false}";
        for (Redactor redactor : UP_TO_V10) {
            assertEquals(object("{\"creator\": \"@alice:example.org\"}"), contentAfter(redactor, "m.room.create", content));
        }
        assertEquals(object(content), contentAfter(Redactor.V11, "m.room.create", content));
    }

    @Test
    void joinRulesKeepTheRuleAndFromVersion8TheAllowList() {
        String content = "{\"join_rule\": \"restricted\", \"allow\": [{\"type\": \"m.room_membership\"}], \"extra\": 1}";
        for (Redactor redactor : new Redactor[] {Redactor.V1, Redactor.V6}) {
            assertEquals(object("{\"join_rule\": \"restricted\"}"), contentAfter(redactor, "m.room.join_rules", content));
        }
        for (Redactor redactor : new Redactor[] {Redactor.V8, Redactor.V9, Redactor.V11}) {
            assertEquals(object("{\"join_rule\": \"restricted\", \"allow\": [{\"type\": \"m.room_membership\"}]}"),
                    contentAfter(redactor, "m.room.join_rules", content));
        }
    }

    @Test
    void powerLevelsKeepTheirLevelsAndFromVersion11TheInviteLevel() {
        String levels = """
                "ban": 50, "events": {"m.room.name": 50}, "events_default": 0, "kick": 50, "redact": 50,
                "state_default": 50, "users": {"@alice:example.org": 100}, "users_default": 0""";
        String content = "{" + levels + ", \"invite\": 0, \"notifications\": {\"room\": 50}}";
        for (Redactor redactor : UP_TO_V10) {
            assertEquals(object("{" + levels + "}"), contentAfter(redactor, "m.room.power_levels", content));
        }
        assertEquals(object("{" + levels + ", \"invite\": 0}"), contentAfter(Redactor.V11, "m.room.power_levels", content));
    }

    @Test
    void aliasesLoseTheirProtectionInVersion6() {
        String content = "{\"aliases\": [\"#a:example.org\"]}";
        assertEquals(object(content), contentAfter(Redactor.V1, "m.room.aliases", content));
        for (Redactor redactor : new Redactor[] {Redactor.V6, Redactor.V8, Redactor.V9, Redactor.V11}) {
            assertEquals(object("{}"), contentAfter(redactor, "m.room.aliases", content));
        }
    }

    @Test
    void historyVisibilityKeepsItsSettingInEveryVersion() {
        for (Redactor redactor : new Redactor[] {Redactor.V1, Redactor.V6, Redactor.V8, Redactor.V9, Redactor.V11}) {
            assertEquals(object("{\"history_visibility\": \"shared\"}"), contentAfter(redactor,
                    "m.room.history_visibility", "{\"history_visibility\": \"shared\", \"extra\": 1}"));
        }
    }

    @Test
    void redactionEventsKeepWhatTheyRedactOnlyInTheirVersion11Content() {
        ObjectNode redaction = object("""
                {"type": "m.room.redaction", "redacts": "$old", "content": {"redacts": "$old", "reason": "spam"}}""");
        for (Redactor redactor : UP_TO_V10) {
            assertEquals(object("{\"type\": \"m.room.redaction\", \"content\": {}}"), redactor.redact(redaction));
        }
        assertEquals(object("{\"type\": \"m.room.redaction\", \"content\": {\"redacts\": \"$old\"}}"),
                Redactor.V11.redact(redaction));
    }

    @Test
    void contentThatIsNoObjectBecomesEmpty() {
        assertEquals(object("{}"), contentAfter(Redactor.V11, "m.room.create", "\"text\""));
        assertEquals(object("{}"), contentAfter(Redactor.V1, "m.room.member", "[1]"));
    }

    @Test
    void theOriginalIsLeftAlone() {
        ObjectNode event = object(EVERY_TOP_LEVEL_KEY);
        ObjectNode redacted = Redactor.V1.redact(event);
        redacted.withObjectProperty("hashes").put("sha256", "changed");

        assertEquals(object(EVERY_TOP_LEVEL_KEY), event);
    }
}
