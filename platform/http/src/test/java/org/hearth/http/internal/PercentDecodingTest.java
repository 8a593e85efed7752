package org.hearth.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.junit.jupiter.api.Test;

class PercentDecodingTest {

    @Test
    void queryStringsDecodeToParametersInOrder() throws MatrixException {
        Map<String, List<String>> query = PercentDecoding.query("via=a.org&dir=b&via=b.org&q=x+y%20z&empty=&flag");
        assertEquals(List.of("a.org", "b.org"), query.get("via"));
        assertEquals(List.of("x y z"), query.get("q"));
        assertEquals(List.of(""), query.get("empty"));
        assertEquals(List.of(""), query.get("flag"));
        assertEquals(Map.of(), PercentDecoding.query(null));
        assertEquals(List.of("\u20ac"), PercentDecoding.query("e=%E2%82%AC").get("e"));
    }

    @Test
    void queryThatIsNotUtf8OrHoldsNulIsInvalidParam() {
        for (String bad : new String[] {"a=%00", "a%00=1", "a=%C3%28", "a=%ZZ", "a=%", "a=%ED%A0%80"}) {
            MatrixException e = assertThrows(MatrixException.class, () -> PercentDecoding.query(bad), bad);
            assertEquals("M_INVALID_PARAM", e.errcode(), bad);
        }
    }

    @Test
    void aPlusInAPathIsAPlus() throws MatrixException {
        assertEquals("@a+b:x", PercentDecoding.segment("@a+b:x"));
        assertEquals("#room:example.org", PercentDecoding.segment("%23room%3Aexample.org"));
    }
}
