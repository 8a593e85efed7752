package org.hearth.federation.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.hearth.api.MatrixException;
import org.hearth.api.http.ClientJson;
import org.junit.jupiter.api.Test;

/** Answers of other servers: client JSON's rules, with room for the whole state of a large room. */
class AnswerJsonTest {

    /** {@code {"pdus":[…]}} with {@code events} small objects of six tokens each. */
    private static byte[] answer(int events) {
        StringBuilder json = new StringBuilder("{\"pdus\":[");
        for (int i = 0; i < events; i++) {
            json.append(i == 0 ? "" : ",").append("{\"depth\":").append(i).append(",\"type\":\"m.room.member\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAnswerPastAClientsBoundIsRead() throws MatrixException {
        byte[] large = answer(60_000); // 360,000 tokens
        assertEquals("M_BAD_JSON", assertThrows(MatrixException.class, () -> ClientJson.parse(large)).errcode(),
                "a client's body may not be this large");
        assertEquals(60_000, Json.parseAnswer(large).path("pdus").size());
    }

    @Test
    void anAnswerPastItsOwnBoundIsRefused() {
        MatrixException e = assertThrows(MatrixException.class,
                () -> Json.parseAnswer(answer(Json.MAX_ANSWER_TOKENS / 6 + 1)));
        assertEquals("M_BAD_JSON", e.errcode(), e.getMessage());
    }

    @Test
    void theOtherRulesOfClientJsonHold() throws MatrixException {
        JsonNode integral = Json.parseAnswer("{\"depth\":2.0}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"depth\":2}", integral.toString(), "an integral decimal becomes an integer");
        assertEquals("M_BAD_JSON", assertThrows(MatrixException.class,
                () -> Json.parseAnswer("{\"depth\":1.5}".getBytes(StandardCharsets.UTF_8))).errcode());
        assertEquals("M_NOT_JSON", assertThrows(MatrixException.class,
                () -> Json.parseAnswer("{\"depth\":".getBytes(StandardCharsets.UTF_8))).errcode());
        assertEquals("M_NOT_JSON", assertThrows(MatrixException.class, () -> Json.parseAnswer(new byte[0])).errcode());
    }
}
