package org.hearth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpHeaders;

/** An HTTP answer: status, headers, body as text and (when it is JSON) as a tree. */
public record Reply(int status, HttpHeaders headers, String text) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body as JSON; a missing node when the body is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The {@code errcode} of a Matrix error body, or null. */
    public String errcode() {
        JsonNode code = json().get("errcode");
        return code == null ? null : code.asText();
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + text;
    }
}
