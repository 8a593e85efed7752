package org.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Hashtable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A section against a schema as the MetaType service describes it (the container test is BadConfigurationTest). */
class SectionCheckTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static SectionSchema.Attribute attribute(String id, int type, int cardinality, String min, String max) {
        return new SectionSchema.Attribute(id, type, cardinality, min, max);
    }

    private static final SectionSchema SCHEMA = new SectionSchema("org.example", Map.of(
            "port", attribute("port", SectionCheck.INTEGER, 0, "1", "65535"),
            "bind_addresses", attribute("bind_addresses", SectionCheck.STRING, Integer.MAX_VALUE, null, null),
            "enabled", attribute("enabled", SectionCheck.BOOLEAN, 0, null, null),
            "login.per_second", attribute("login.per_second", SectionCheck.DOUBLE, 0, "0.0001", null),
            "login.burst", attribute("login.burst", SectionCheck.INTEGER, 0, "1", null),
            "max_bytes", attribute("max_bytes", SectionCheck.LONG, 0, null, null),
            "secret", attribute("secret", SectionCheck.PASSWORD, 0, null, null),
            "sync.group_rooms", attribute("sync.group_rooms", SectionCheck.STRING, 0, null, null)));

    private static Hashtable<String, Object> check(String yaml) throws Exception {
        return SectionCheck.check("s", YAML.readTree(yaml), SCHEMA);
    }

    private static String problem(String yaml) {
        SectionCheck.Problem p = assertThrows(SectionCheck.Problem.class, () -> check(yaml));
        return p.line("FILE");
    }

    @Test
    void nestedKeysBecomeDottedAttributesOfTheDeclaredTypes() throws Exception {
        Hashtable<String, Object> props = check("""
                port: 9000
                bind_addresses: ["127.0.0.1", "::1"]
                enabled: false
                login: {per_second: 2, burst: 5}
                max_bytes: 10
                secret: 12345
                sync:
                  group_rooms: {"cn=staff,dc=x": "#staff:x", "cn=a.b,dc=x": "!r:x"}
                """);
        assertEquals(9000, props.get("port"));
        assertArrayEquals(new String[] {"127.0.0.1", "::1"}, (String[]) props.get("bind_addresses"));
        assertEquals(false, props.get("enabled"));
        assertEquals(2.0, props.get("login.per_second"));
        assertEquals(5, props.get("login.burst"));
        assertEquals(10L, props.get("max_bytes"));
        assertEquals("12345", props.get("secret"), "a number where a string is declared is its text");
        assertEquals("#staff:x", props.get("sync.group_rooms.cn=staff,dc=x"));
        assertEquals("!r:x", props.get("sync.group_rooms.cn=a.b,dc=x"));
        assertEquals(9, props.size());
    }

    @Test
    void problemsNameTheDottedKey() {
        assertEquals("FILE: s.prot: unknown key", problem("prot: 8008"));
        assertEquals("FILE: s.login.per_secnd: unknown key", problem("login: {per_secnd: 1}"));
        assertEquals("FILE: s.port: expected a whole number from 1 to 65535, found \"eighty\"", problem("port: eighty"));
        assertEquals("FILE: s.port: expected a whole number from 1 to 65535, found 70000", problem("port: 70000"));
        assertEquals("FILE: s.port: expected a whole number from 1 to 65535, found 1.5", problem("port: 1.5"));
        assertEquals("FILE: s.bind_addresses: expected a list of strings, found \"0.0.0.0\"", problem("bind_addresses: 0.0.0.0"));
        assertEquals("FILE: s.bind_addresses: expected a list of strings, found a list [\"a\",{\"b\":1}]",
                problem("bind_addresses: [a, {b: 1}]"));
        assertEquals("FILE: s.enabled: expected true or false, found \"yes please\"", problem("enabled: yes please"));
        assertEquals("FILE: s.login.per_second: expected a number of at least 0.0001, found 0", problem("login: {per_second: 0}"));
        assertEquals("FILE: s.login.burst: expected a whole number of at least 1, found 3000000000",
                problem("login: {burst: 3000000000}"));
        assertEquals("FILE: s: expected a section (a mapping of keys), found 8008",
                assertThrows(SectionCheck.Problem.class, () -> SectionCheck.check("s", YAML.readTree("8008"), SCHEMA)).line("FILE"));
    }

    @Test
    void nullIsTheDefault() throws Exception {
        assertEquals(0, check("port: null\nlogin: {burst: null}").size());
        assertEquals("FILE: s.nope: unknown key", problem("nope: null"));
    }
}
