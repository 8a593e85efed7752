package org.hearth.federation.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hearth.api.MatrixException;

/**
 * One endpoint of the federation listener: answers the JSON body of a 200, or throws the Matrix
 * error the spec gives. The dispatcher has matched the path, bounded the body and, for a signed
 * endpoint, verified the request's {@code X-Matrix} signature and the origin's policy. An
 * endpoint whose 200 is not JSON (media) is a {@link Streamed} one.
 */
@FunctionalInterface
public interface Endpoint {
    JsonNode handle(Inbound request) throws MatrixException;

    /**
     * An endpoint whose 200 is any {@link Answer}, streamed; its errors are JSON all the same,
     * thrown or completing the stage. While the stage is pending no thread is held (media
     * reserved but not uploaded yet are waited for up to a minute).
     */
    @FunctionalInterface
    interface Streamed {
        CompletionStage<Answer> handle(Inbound request) throws MatrixException;
    }

    /**
     * Where an endpoint sits and who may call it.
     *
     * @param template a path such as {@code /_matrix/federation/v1/send/{txnId}}; a {@code {name}}
     *                 matches one non-empty segment
     * @param signed   whether the caller must be a server with a valid {@code X-Matrix} signature
     */
    record Mount(String method, String template, boolean signed, Streamed endpoint) {
        public static Mount open(String method, String template, Endpoint endpoint) {
            return new Mount(method, template, false, json(endpoint));
        }

        public static Mount signed(String method, String template, Endpoint endpoint) {
            return new Mount(method, template, true, json(endpoint));
        }

        public static Mount signedStreamed(String method, String template, Streamed endpoint) {
            return new Mount(method, template, true, endpoint);
        }

        private static Streamed json(Endpoint endpoint) {
            return request -> CompletableFuture.completedFuture(Answer.json(endpoint.handle(request)));
        }
    }
}
