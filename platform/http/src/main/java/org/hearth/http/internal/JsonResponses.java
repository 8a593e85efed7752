package org.hearth.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteResponse;

/** Writes route answers (JSON, bytes, streams) and Matrix errors to the servlet response. */
final class JsonResponses {
    private final ObjectMapper json;

    JsonResponses(ObjectMapper json) {
        this.json = json;
    }

    void write(HttpServletResponse response, RouteResponse answer) throws IOException {
        answer.headers().forEach(response::setHeader);
        response.setStatus(answer.status());
        if (answer.stream() != null) {
            try (InputStream in = answer.stream()) {
                response.setContentType(answer.contentType());
                response.setContentLengthLong(answer.length());
                in.transferTo(response.getOutputStream());
            }
            return;
        }
        byte[] body = answer.json() != null ? json.writeValueAsBytes(answer.json()) : answer.bytes();
        response.setContentType(answer.contentType());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    void error(HttpServletResponse response, MatrixException error) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", error.errcode());
        body.put("error", error.getMessage());
        body.putAll(error.extra());
        write(response, RouteResponse.json(error.status(), body));
    }
}
