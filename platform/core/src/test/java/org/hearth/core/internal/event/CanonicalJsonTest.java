package org.hearth.core.internal.event;

import static org.hearth.core.internal.event.TestJson.lenient;
import static org.hearth.core.internal.event.TestJson.parse;
import static org.hearth.core.internal.event.TestJson.strict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

    /** Every example of Appendices, "Signing JSON" → "Canonical JSON" → "Examples", in order. */
    static Stream<Arguments> appendixExamples() {
        return Stream.of(
                Arguments.of("{}", "{}"),
                Arguments.of("""
                        {
                            "one": 1,
                            "two": "Two"
                        }""", "{\"one\":1,\"two\":\"Two\"}"),
                Arguments.of("""
                        {
                            "b": "2",
                            "a": "1"
                        }""", "{\"a\":\"1\",\"b\":\"2\"}"),
                Arguments.of("{\"b\":\"2\",\"a\":\"1\"}", "{\"a\":\"1\",\"b\":\"2\"}"),
                Arguments.of("""
                        {
                            "auth": {
                                "success": true,
                                "mxid": "@john.doe:example.com",
                                "profile": {
                                    "display_name": "John Doe",
                                    "three_pids": [
                                        {
                                            "medium": "email",
                                            "address": "john.doe@example.org"
                                        },
                                        {
                                            "medium": "msisdn",
                                            "address": "123456789"
                                        }
                                    ]
                                }
                            }
                        }""", "{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\","
                        + "\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},"
                        + "{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}"),
                Arguments.of("""
                        {
                            "a": "日本語"
                        }""", "{\"a\":\"日本語\"}"),
                Arguments.of("""
                        {
                            "本": 2,
                            "日": 1
                        }""", "{\"日\":1,\"本\":2}"),
                Arguments.of("""
                        {
                            "a": "\\u65E5"
                        }""", "{\"a\":\"日\"}"),
                Arguments.of("""
                        {
                            "a": null
                        }""", "{\"a\":null}"),
                Arguments.of("""
                        {
                            "a": -0,
                            "b": 1e10
                        }""", "{\"a\":0,\"b\":10000000000}"));
    }

    @ParameterizedTest
    @MethodSource("appendixExamples")
    void encodesTheAppendixExamples(String input, String canonical) {
        assertArrayEquals(canonical.getBytes(StandardCharsets.UTF_8), CanonicalJson.STRICT.encode(parse(input)));
    }

    @Test
    void keysAreSortedByCodePointNotByUtf16Unit() {
        // U+1F600 is the surrogate pair D83D DE00, which UTF-16 order puts before U+FF5E.
        assertEquals("{\"a\":1,\"～\":2,\"😀\":3}", strict("{\"😀\":3,\"～\":2,\"a\":1}"));
    }

    @Test
    void escapesOnlyWhatTheGrammarEscapes() {
        assertEquals("[\"\\\"\\\\\\b\\t\\n\\f\\r\"]", strict("[\"\\\"\\\\\\b\\t\\n\\f\\r\"]"));
        assertEquals("[\"\\u0000\\u0007\\u000b\\u000e\\u001f\"]", strict("[\"\\u0000\\u0007\\u000B\\u000e\\u001F\"]"));
        assertEquals("[\"/\u007f\u2028é😀\"]", strict("[\"\\/\\u007f\\u2028\\u00e9\\ud83d\\ude00\"]"));
    }

    @Test
    void writesIntegersAndLiteralsPlainly() {
        assertEquals("[9007199254740991,-9007199254740991,0,true,false,null,[],{}]",
                strict("[9007199254740991, -9007199254740991, 0, true, false, null, [], {}]"));
        assertEquals("[0,120]", strict("[-0.0, 1.2e2]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9007199254740992", "-9007199254740992", "1.5", "1e-1", "1e300", "123456789012345678901234567890"})
    void strictRulesRejectFloatsAndIntegersOutOfRange(String number) {
        NotCanonicalJsonException e = assertThrows(NotCanonicalJsonException.class,
                () -> strict("{\"content\":{\"users\":{\"@bob:example.org\":" + number + "}}}"));
        assertEquals("/content/users/@bob:example.org", e.pointer());
    }

    @Test
    void errorsPointAtArrayElementsAndEscapeThePointer() {
        NotCanonicalJsonException e = assertThrows(NotCanonicalJsonException.class,
                () -> strict("{\"a/b~c\":[0, 0.5]}"));
        assertEquals("/a~1b~0c/1", e.pointer());
        assertEquals("/a~1b~0c/1: 0.5 is not an integer", e.getMessage());
    }

    @Test
    void lenientRulesKeepLargeIntegers() {
        assertEquals("[9007199254740992,-123456789012345678901234567890]",
                lenient("[9007199254740992, -123456789012345678901234567890]"));
    }

    /**
     * Old room versions may carry floats ("v1-floaty-power-levels"); they are written as the
     * appendix's reference code (Python's json.dumps) writes them. Expected values are Python's
     * repr of each number.
     */
    @Test
    void lenientRulesWriteFloatsAsTheReferenceCodeDoes() {
        assertEquals("[50.57,50.0,51146.98,0.1,-2.5,0.0001,1e-05,1.5e-07,2.5e-300,-0.0]",
                lenient("[50.57, 50.0, 5.114698E4, 0.1, -2.5, 0.0001, 0.00001, 1.5e-7, 2.5e-300, -0.0]"));
        assertEquals("[1000000000000000.0,1e+16,1.2345678901234568e+17,1e+22]",
                lenient("[1e15, 1e16, 123456789012345678.0, 1e22]"));
    }

    @Test
    void neitherRulesAcceptWhatJsonCannotCarry() {
        for (CanonicalJson rules : new CanonicalJson[] {CanonicalJson.STRICT, CanonicalJson.LENIENT}) {
            assertThrows(NotCanonicalJsonException.class,
                    () -> rules.encode(JsonNodeFactory.instance.numberNode(Double.NaN)));
            assertThrows(NotCanonicalJsonException.class,
                    () -> rules.encode(JsonNodeFactory.instance.textNode("lone \ud800 surrogate")));
            assertThrows(NotCanonicalJsonException.class,
                    () -> rules.encode(JsonNodeFactory.instance.binaryNode(new byte[] {1})));
        }
    }

    @Test
    void nestingStopsAtTheLimitThatKeepsEveryEncodedValueReadable() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode root = JsonNodeFactory.instance.objectNode();
        com.fasterxml.jackson.databind.node.ObjectNode at = root;
        for (int depth = 1; depth < CanonicalJson.MAX_DEPTH; depth++) {
            at = at.putObject("a");
        }
        byte[] deepest = CanonicalJson.STRICT.encode(root);
        at.putObject("a");
        NotCanonicalJsonException e = assertThrows(NotCanonicalJsonException.class, () -> CanonicalJson.STRICT.encode(root));
        assertEquals("/a".repeat(CanonicalJson.MAX_DEPTH - 1) + "/a", e.pointer());
        // what is encoded reads back, wrapped as /sync wraps an event, within Jackson's own limits
        String wrapped = "{\"rooms\":{\"join\":{\"!r\":{\"timeline\":{\"events\":[" + new String(deepest, StandardCharsets.UTF_8)
                + "]}}}}}";
        assertEquals(CanonicalJson.MAX_DEPTH + 6,
                depth(new com.fasterxml.jackson.databind.ObjectMapper().readTree(wrapped)));
        assertTrue(CanonicalJson.MAX_DEPTH + 20 < com.fasterxml.jackson.core.StreamReadConstraints.defaults().getMaxNestingDepth());
        assertTrue(CanonicalJson.MAX_DEPTH + 20 < com.fasterxml.jackson.core.StreamWriteConstraints.defaults().getMaxNestingDepth());
        assertTrue(CanonicalJson.MAX_DEPTH > org.hearth.api.http.ClientJson.MAX_DEPTH, "an event wraps what a client sends");
    }

    private static int depth(com.fasterxml.jackson.databind.JsonNode node) {
        int deepest = 0;
        for (com.fasterxml.jackson.databind.JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }
}
