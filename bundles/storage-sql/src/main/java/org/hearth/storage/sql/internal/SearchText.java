package org.hearth.storage.sql.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/**
 * The text of an event that {@code event_search} indexes: {@code content.body} of a message,
 * {@code content.name} of a room name, {@code content.topic} of a topic, when it is a string. Read
 * here from the event's JSON with a streaming parser, which skips everything else: PostgreSQL
 * parsing the whole stored JSON as jsonb for it was a fifth of a send's time in the database.
 * NUL, which PostgreSQL text cannot hold, becomes a space.
 */
final class SearchText {
    private static final JsonFactory JSON = new JsonFactory();

    private SearchText() {
    }

    static Optional<String> of(String type, String eventJson) {
        String field = switch (type) {
            case "m.room.message" -> "body";
            case "m.room.name" -> "name";
            case "m.room.topic" -> "topic";
            default -> null;
        };
        if (field == null) {
            return Optional.empty();
        }
        try (JsonParser parser = JSON.createParser(eventJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            return inObject(parser, "content") && inObject(parser, field) && parser.currentToken() == JsonToken.VALUE_STRING
                    ? Optional.of(parser.getText().replace('\0', ' ')) : Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("an event that is not JSON", e);
        }
    }

    /**
     * Moves to the value of the current object's member {@code name}, skipping the others; false
     * when the object has none. For {@code "content"}, true only when that value is an object.
     */
    private static boolean inObject(JsonParser parser, String name) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String member = parser.currentName();
            JsonToken value = parser.nextToken();
            if (member.equals(name)) {
                return !"content".equals(name) || value == JsonToken.START_OBJECT;
            }
            parser.skipChildren();
        }
        return false;
    }
}
