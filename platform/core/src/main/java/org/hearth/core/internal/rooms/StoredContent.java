package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * Reads a stored event's {@code content} without building the event's JSON tree. A {@code /sync}
 * of hundreds of rooms formats thousands of events and reads the membership or visibility of
 * hundreds more: a tree of each whole PDU (hashes, signatures, auth and prev events) was most of
 * that request's allocation. The stored JSON is this server's own, so unreadable JSON is a bug.
 */
public final class StoredContent {
    private static final JsonFactory JSON = new JsonFactory();

    private StoredContent() {
    }

    /** The content object's JSON text as stored ({@code {}} when the event has none). */
    public static String json(StoredEvent event) {
        String text = event.json();
        try (JsonParser p = JSON.createParser(text)) {
            if (!atContent(p)) {
                return "{}";
            }
            int start = (int) p.currentTokenLocation().getCharOffset();
            p.skipChildren();
            return text.substring(start, (int) p.currentLocation().getCharOffset());
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /** The string a top-level field of the content holds; null when absent or not a string. */
    public static String text(StoredEvent event, String field) {
        try (JsonParser p = JSON.createParser(event.json())) {
            if (!atContent(p)) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name)) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /** Moves the parser onto the start of the top-level content object; false when there is none. */
    private static boolean atContent(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("content".equals(name)) {
                return value == JsonToken.START_OBJECT;
            }
            p.skipChildren();
        }
        return false;
    }
}
