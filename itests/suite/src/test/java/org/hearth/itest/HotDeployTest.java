package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bundle dropped into deploy/ of a running server contributes its route; a new version of
 * the jar replaces it; deleting the jar removes the route. The server never restarts.
 */
class HotDeployTest {
    private static final String ROUTE = "/_hearth/test/greeting";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static HearthServer server = HearthServer.create();

    @Test
    void deployUpdateAndRemoveABundleWhileRunning() throws IOException {
        assertEquals("M_UNRECOGNIZED", server.http().get(ROUTE).errcode());

        Path target = server.deployDir().resolve("echo.jar");
        TestBundles.dropIn(TestBundles.echo(), target);
        Await.until("the deployed route to answer", WAIT, () -> server.http().get(ROUTE).status() == 200);
        Reply first = server.http().get(ROUTE);
        assertEquals("hello from version 1", first.json().get("greeting").asText());

        Path v2 = Files.createTempFile("echo-v2-", ".jar");
        TestBundles.rewrite(TestBundles.echo(), v2, "0.2.0", "hello from version 2");
        TestBundles.dropIn(v2, target);
        Await.until("the updated bundle to answer", WAIT,
                () -> server.http().get(ROUTE).text().contains("hello from version 2"));
        assertEquals("0.2.0", server.http().get(ROUTE).json().get("version").asText());

        Files.delete(target);
        Await.until("the route to go away", WAIT, () -> server.http().get(ROUTE).status() == 404);
        Reply gone = server.http().get(ROUTE);
        assertEquals("M_UNRECOGNIZED", gone.errcode());
        // The platform's own routes were served throughout.
        assertEquals(200, server.http().get("/_matrix/client/versions").status());
        Files.delete(v2);
    }
}
