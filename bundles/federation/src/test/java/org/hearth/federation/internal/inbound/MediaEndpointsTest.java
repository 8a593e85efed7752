package org.hearth.federation.internal.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.http.Endpoint.Mount;
import org.hearth.federation.internal.http.Inbound;
import org.junit.jupiter.api.Test;

/** The media endpoints while this server has no media bundle (the itests run them with one). */
class MediaEndpointsTest {
    private static final ServerName REMOTE = new ServerName("remote.test");

    @Test
    void withoutAMediaRepositoryMediaAreNotFound() {
        List<Mount> mounts = new MediaEndpoints(() -> null).mounts();
        assertEquals(2, mounts.size());
        for (Mount mount : mounts) {
            assertEquals(true, mount.signed(), mount.template());
            Inbound request = new Inbound("GET", mount.template(), Map.of("mediaId", "abc"),
                    Map.of("width", List.of("32"), "height", List.of("32")), new byte[0], REMOTE);
            MatrixException e = assertThrows(MatrixException.class, () -> mount.endpoint().handle(request));
            assertEquals(404, e.status(), mount.template());
            assertEquals("M_NOT_FOUND", e.errcode(), "not M_UNRECOGNIZED: no fallback to /_matrix/media/v3");
        }
    }

    @Test
    void badThumbnailParametersAre400BeforeTheRepositoryIsAsked() {
        Mount thumbnail = new MediaEndpoints(() -> null).mounts().get(1);
        Inbound request = new Inbound("GET", thumbnail.template(), Map.of("mediaId", "abc"),
                Map.of("width", List.of("0"), "height", List.of("32")), new byte[0], REMOTE);
        MatrixException e = assertThrows(MatrixException.class, () -> thumbnail.endpoint().handle(request));
        assertEquals(400, e.status());
        assertEquals("M_INVALID_PARAM", e.errcode());
    }
}
