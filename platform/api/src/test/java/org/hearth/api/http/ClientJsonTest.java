package org.hearth.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.junit.jupiter.api.Test;

class ClientJsonTest {

    private static JsonNode parse(String json) throws MatrixException {
        return ClientJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static MatrixException refused(String json) {
        return assertThrows(MatrixException.class, () -> parse(json), json);
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndOneMoreIsBadJson() throws MatrixException {
        assertTrue(parse(nested(ClientJson.MAX_DEPTH)).isObject());
        MatrixException deeper = refused(nested(ClientJson.MAX_DEPTH + 1));
        assertEquals("M_BAD_JSON", deeper.errcode());
        assertTrue(deeper.getMessage().contains("deeper than 100"), deeper.getMessage());
        assertEquals("M_BAD_JSON", refused("[".repeat(5000) + "]".repeat(5000)).errcode());
    }

    @Test
    void tooManyTokensAreBadJson() {
        String many = "[" + "0,".repeat(ClientJson.MAX_TOKENS) + "0]";
        MatrixException e = refused(many);
        assertEquals("M_BAD_JSON", e.errcode());
        assertTrue(e.getMessage().contains("tokens"), e.getMessage());
    }

    @Test
    void numbersCanonicalJsonCannotCarryAreBadJsonNamingTheField() {
        for (String n : new String[] {"9007199254740992", "-9007199254740992", "1.5", "1e999999", "-1e999999",
                "1e-7", "123456789012345678901234567890", "1.0000000000000001"}) {
            MatrixException e = refused("{\"content\": {\"ban\": " + n + "}}");
            assertEquals("M_BAD_JSON", e.errcode(), n);
            assertTrue(e.getMessage().contains("/content/ban"), n + ": " + e.getMessage());
        }
        // an exponent beyond what a BigDecimal holds fails inside the parser, which does not say where
        assertEquals("M_BAD_JSON", refused("{\"n\": 1e9999999999}").errcode());
    }

    @Test
    void integralNumbersBecomePlainIntegers() throws MatrixException {
        JsonNode body = parse("{\"a\": 1e3, \"b\": 2.0, \"c\": -0.0, \"d\": 9007199254740991, \"e\": [-9007199254740991.0]}");
        assertEquals("{\"a\":1000,\"b\":2,\"c\":0,\"d\":9007199254740991,\"e\":[-9007199254740991]}", body.toString());
        assertTrue(body.get("a").isIntegralNumber());
    }

    @Test
    void loneSurrogatesAreBadJsonNulIsContent() throws MatrixException {
        assertEquals("M_BAD_JSON", refused("{\"reason\": \"\\ud800\"}").errcode());
        assertEquals("M_BAD_JSON", refused("{\"x\": \"a\\udc00b\"}").errcode());
        // Jackson itself refuses a lone surrogate in a key: 400 all the same
        assertTrue(Set.of("M_BAD_JSON", "M_NOT_JSON").contains(refused("{\"\\ud800\": 1}").errcode()));
        assertEquals("\u0000", parse("{\"body\": \"\\u0000\"}").get("body").asText());
        assertEquals("\ud83d\ude00", parse("{\"body\": \"\\ud83d\\ude00\"}").get("body").asText());
    }

    @Test
    void notJsonIsNotJson() {
        assertEquals("M_NOT_JSON", refused("{").errcode());
        assertEquals("M_NOT_JSON", refused("{} {}").errcode());
        assertEquals("M_NOT_JSON", refused("").errcode());
        assertEquals("M_NOT_JSON", refused("NaN").errcode());
        assertEquals("M_NOT_JSON", assertThrows(MatrixException.class,
                () -> ClientJson.parse(new byte[] {'"', (byte) 0xff, '"'})).errcode());
        assertEquals("M_NOT_JSON", assertThrows(MatrixException.class, () -> ClientJson.parse("", "filter")).errcode());
    }

    @Test
    void checkHoldsBuiltValuesToTheSameRulesWithoutChangingThem() throws MatrixException {
        ObjectNode ok = JsonNodeFactory.instance.objectNode().put("n", 2.0);
        ClientJson.check(ok, "content");
        assertTrue(ok.get("n").isDouble(), "check leaves the value as it is");
        ObjectNode deep = JsonNodeFactory.instance.objectNode();
        ObjectNode at = deep;
        for (int i = 0; i < 200; i++) {
            at = at.putObject("a");
        }
        assertEquals("M_BAD_JSON", assertThrows(MatrixException.class, () -> ClientJson.check(deep, "content")).errcode());
        ObjectNode floaty = JsonNodeFactory.instance.objectNode().put("ban", new BigDecimal("50.5"));
        MatrixException e = assertThrows(MatrixException.class, () -> ClientJson.check(floaty, "content"));
        assertTrue(e.getMessage().startsWith("content at /ban"), e.getMessage());
        ObjectNode nan = JsonNodeFactory.instance.objectNode().put("x", Double.NaN);
        assertEquals("M_BAD_JSON", assertThrows(MatrixException.class, () -> ClientJson.check(nan, "content")).errcode());
    }
}
