package org.hearth.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteResponse;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = new RouteTable();

    private static Route answering(String name) {
        return request -> RouteResponse.text(200, name);
    }

    private void add(long id, String method, String template, int ranking) {
        table.add(List.of(new RouteTable.Entry(id, method, PathTemplate.parse(template), ranking, Access.USER, "", false,
                answering(template))));
    }

    @Test
    void placeholdersMatchOneDecodedSegment() throws MatrixException {
        add(1, "GET", "/_matrix/client/v3/rooms/{roomId}/state", 0);
        RouteTable.Found found = assertInstanceOf(RouteTable.Found.class,
                table.find("GET", "/_matrix/client/v3/rooms/%21abc%3Aexample.org/state"));
        assertEquals("!abc:example.org", found.params().get("roomId"));
        assertInstanceOf(RouteTable.NotFound.class, table.find("GET", "/_matrix/client/v3/rooms//state"));
        add(2, "GET", "/_matrix/client/v3/rooms/{roomId}/state/{type}/{stateKey}", 0);
        RouteTable.Found empty = assertInstanceOf(RouteTable.Found.class,
                table.find("GET", "/_matrix/client/v3/rooms/!a:b/state/m.room.name/"));
        assertEquals("", empty.params().get("stateKey"), "a last placeholder may be empty");
        assertInstanceOf(RouteTable.NotFound.class, table.find("GET", "/_matrix/client/v3/rooms/a/b/state"));
    }

    @Test
    void plusInAPathIsALiteralPlus() throws MatrixException {
        add(1, "GET", "/profile/{userId}", 0);
        RouteTable.Found found = assertInstanceOf(RouteTable.Found.class, table.find("GET", "/profile/@a+b:x"));
        assertEquals("@a+b:x", found.params().get("userId"));
    }

    @Test
    void placeholdersThatAreNotPercentEncodedUtf8OrHoldNulAreInvalidParams() throws MatrixException {
        add(1, "GET", "/rooms/{roomId}/state", 0);
        for (String bad : new String[] {"%ZZ", "%4", "%", "%FF%FE", "%ED%A0%80", "%00", "a%00b", "%C0%AF"}) {
            MatrixException e = assertThrows(MatrixException.class, () -> table.find("GET", "/rooms/" + bad + "/state"), bad);
            assertEquals("M_INVALID_PARAM", e.errcode(), bad);
        }
        RouteTable.Found found = assertInstanceOf(RouteTable.Found.class, table.find("GET", "/rooms/%E2%82%AC%F0%9F%98%80/state"));
        assertEquals("\u20ac\ud83d\ude00", found.params().get("roomId"));
    }

    @Test
    void literalSegmentsWinOverPlaceholders() throws MatrixException {
        add(1, "GET", "/rooms/{roomId}", 0);
        add(2, "GET", "/rooms/public", 0);
        RouteTable.Found found = assertInstanceOf(RouteTable.Found.class, table.find("GET", "/rooms/public"));
        assertEquals("/rooms/public", found.entry().template().text());
    }

    @Test
    void higherRankingWinsForTheSameTemplate() throws MatrixException {
        add(1, "GET", "/a/{x}", 0);
        add(2, "GET", "/a/{y}", 10);
        RouteTable.Found found = assertInstanceOf(RouteTable.Found.class, table.find("GET", "/a/1"));
        assertEquals(2L, found.entry().key());
    }

    @Test
    void wrongMethodListsTheAllowedOnes() throws MatrixException {
        add(1, "GET", "/a/{x}", 0);
        add(2, "PUT", "/a/{x}", 0);
        RouteTable.WrongMethod wrong = assertInstanceOf(RouteTable.WrongMethod.class, table.find("DELETE", "/a/1"));
        assertEquals(Set.of("GET", "PUT"), wrong.allowed());
    }

    @Test
    void legacyR0PathsReachV3Routes() throws MatrixException {
        add(1, "POST", "/_matrix/client/v3/login", 0);
        assertInstanceOf(RouteTable.Found.class, table.find("POST", "/_matrix/client/r0/login"));
        assertInstanceOf(RouteTable.NotFound.class, table.find("POST", "/_matrix/client/r1/login"));
    }

    @Test
    void removedRoutesAreGone() throws MatrixException {
        add(1, "GET", "/a", 0);
        table.remove(1L);
        assertInstanceOf(RouteTable.NotFound.class, table.find("GET", "/a"));
    }

    @Test
    void placeholderMustBeAWholeSegment() throws MatrixException {
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("/rooms/x{roomId}"));
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("rooms"));
    }

    @Test
    void oneRouteServesEachOfItsPathsWithItsAccessAndLimit() throws MatrixException {
        Map<String, Object> properties = Map.of(MatrixRoute.METHOD, "PUT",
                MatrixRoute.PATH, new String[] {"/rooms/{roomId}/state/{type}", "/rooms/{roomId}/state/{type}/{key}"},
                MatrixRoute.ACCESS, "GUEST", MatrixRoute.RATE_LIMIT, "state");
        table.add(RouteProperties.entries(7L, answering("state"), properties));
        RouteTable.Found both = assertInstanceOf(RouteTable.Found.class, table.find("PUT", "/rooms/!r/state/m.room.name"));
        assertEquals(Access.GUEST, both.entry().access());
        assertEquals("state", both.entry().rateLimit());
        RouteTable.Found keyed = assertInstanceOf(RouteTable.Found.class, table.find("PUT", "/rooms/!r/state/t/k"));
        assertEquals("k", keyed.params().get("key"));
        table.remove(7L);
        assertInstanceOf(RouteTable.NotFound.class, table.find("PUT", "/rooms/!r/state/t/k"));
        assertThrows(IllegalArgumentException.class, () -> RouteProperties.entries(8L, answering("x"),
                Map.of(MatrixRoute.METHOD, "GET", MatrixRoute.PATH, "/x", MatrixRoute.RATE_LIMIT, "nonsense")));
        assertThrows(IllegalArgumentException.class, () -> RouteProperties.entries(9L, answering("x"),
                Map.of(MatrixRoute.METHOD, "GET", MatrixRoute.PATH, "/x", MatrixRoute.ACCESS, "EVERYONE")));
    }
}
