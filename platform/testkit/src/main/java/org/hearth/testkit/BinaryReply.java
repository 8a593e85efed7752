package org.hearth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpHeaders;

/** An HTTP answer whose body is kept as bytes (media), with the same helpers as {@link Reply}. */
public record BinaryReply(int status, HttpHeaders headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The body as JSON (an error); a missing node when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    public String errcode() {
        JsonNode code = json().get("errcode");
        return code == null ? null : code.asText();
    }

    @Override
    public String toString() {
        return status + " (" + body.length + " bytes) " + (json().isMissingNode() ? "" : json());
    }
}
