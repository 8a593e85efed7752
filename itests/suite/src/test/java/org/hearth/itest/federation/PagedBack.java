package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;

/**
 * A room paged back with {@code /messages} from its end until a page has no {@code end}: the
 * message bodies, oldest first, and the types of all events, newest first. Every event must be
 * of the room.
 */
record PagedBack(List<String> bodies, List<String> types) {

    static PagedBack of(MatrixHttp as, String roomId, int limit, int maxPages) {
        String encRoom = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        List<String> bodies = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String from = null;
        for (int pages = 0; pages < maxPages; pages++) {
            Reply page = as.get("/_matrix/client/v3/rooms/" + encRoom + "/messages?dir=b&limit=" + limit
                    + (from == null ? "" : "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8)));
            assertEquals(200, page.status(), page.toString());
            for (JsonNode e : page.json().path("chunk")) {
                assertEquals(roomId, e.path("room_id").asText(), e.toString());
                types.add(e.path("type").asText());
                if ("m.room.message".equals(e.path("type").asText())) {
                    bodies.add(0, e.path("content").path("body").asText());
                }
            }
            from = page.json().path("end").asText(null);
            if (from == null) {
                break;
            }
        }
        return new PagedBack(bodies, types);
    }
}
