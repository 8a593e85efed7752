package org.hearth.federation.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The examples of Appendices, "Canonical JSON". */
class CanonicalJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static String canonical(String json) throws Exception {
        return new String(CanonicalJson.encode(JSON.readTree(json)), StandardCharsets.UTF_8);
    }

    @Test
    void appendixExamples() throws Exception {
        assertEquals("{}", canonical("{}"));
        assertEquals("{\"one\":1,\"two\":\"Two\"}", canonical("{\"one\": 1, \"two\": \"Two\"}"));
        assertEquals("{\"a\":\"1\",\"b\":\"2\"}", canonical("{\"b\": \"2\", \"a\": \"1\"}"));
        assertEquals("{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\","
                        + "\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},"
                        + "{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}",
                canonical("{\"auth\": {\"success\": true, \"mxid\": \"@john.doe:example.com\", \"profile\": {"
                        + "\"display_name\": \"John Doe\", \"three_pids\": [{\"medium\": \"email\", \"address\": "
                        + "\"john.doe@example.org\"}, {\"medium\": \"msisdn\", \"address\": \"123456789\"}]}}}"));
        assertEquals("{\"a\":\"日本語\"}", canonical("{\"a\": \"日本語\"}"));
        assertEquals("{\"日\":1,\"本\":2}", canonical("{\"本\": 2, \"日\": 1}"));
        assertEquals("{\"a\":\"日\"}", canonical("{\"a\": \"\\u65E5\"}"));
        assertEquals("{\"a\":null}", canonical("{\"a\": null}"));
        assertEquals("{\"a\":-1,\"b\":1e10}".replace("1e10", "10000000000"), canonical("{\"b\": 1e10, \"a\": -1}"));
        assertEquals("\"\\u0001\\n\"", canonical("\"\\u0001\\n\""));
    }

    @Test
    void aFloatIsWrittenAsItsPlainDecimalText() throws Exception {
        assertEquals("{\"a\":1.1,\"b\":0}", canonical("{\"b\": -0, \"a\": 1.1}"));
        assertEquals("9007199254740993", canonical("9007199254740993"));
    }
}
