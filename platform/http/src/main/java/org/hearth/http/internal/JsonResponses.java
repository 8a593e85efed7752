package org.hearth.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteResponse;

/** Writes route answers (JSON, bytes, streams) and Matrix errors. */
final class JsonResponses {
    private final ObjectMapper json;

    JsonResponses(ObjectMapper json) {
        this.json = json;
    }

    /** The answer's body bytes: its JSON written out, or its raw bytes; null for a streamed answer. */
    byte[] serialise(RouteResponse answer) throws JsonProcessingException {
        return answer.json() != null ? json.writeValueAsBytes(answer.json()) : answer.bytes();
    }

    /** Writes an answer whose body comes from a stream (a download), closing the stream. */
    void stream(HttpServletResponse response, RouteResponse answer) throws IOException {
        try (InputStream in = answer.stream()) {
            answer.headers().forEach(response::setHeader);
            response.setStatus(answer.status());
            response.setContentType(answer.contentType());
            response.setContentLengthLong(answer.length());
            in.transferTo(response.getOutputStream());
        }
    }

    /** Writes an answer whose body {@link #serialise} already produced. */
    void write(HttpServletResponse response, RouteResponse answer, byte[] body) throws IOException {
        answer.headers().forEach(response::setHeader);
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A Matrix error as an answer: {@code {"errcode": …, "error": …}} and its extra fields. */
    RouteResponse errorAnswer(MatrixException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", error.errcode());
        body.put("error", error.getMessage());
        body.putAll(error.extra());
        return RouteResponse.json(error.status(), body);
    }

    /** The body of a Matrix error, for answers written outside the servlet. */
    byte[] errorBody(MatrixException error) {
        try {
            return serialise(errorAnswer(error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body of strings and numbers is always writable", e);
        }
    }
}
