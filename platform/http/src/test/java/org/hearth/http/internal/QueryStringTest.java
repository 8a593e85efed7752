package org.hearth.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void valuesAreDecodedAndKeptInOrder() {
        Map<String, List<String>> params = QueryString.parse("filename=r%C3%A9sum%C3%A9+1.png&a=1&a=2&flag&empty=");

        assertEquals(List.of("résumé 1.png"), params.get("filename"));
        assertEquals(List.of("1", "2"), params.get("a"));
        assertEquals(List.of(""), params.get("flag"));
        assertEquals(List.of(""), params.get("empty"));
    }

    @Test
    void noQueryAndMalformedEscapes() {
        assertEquals(Map.of(), QueryString.parse(null));
        assertEquals(Map.of(), QueryString.parse(""));
        assertEquals(List.of("100%"), QueryString.parse("p=100%").get("p"));
    }
}
