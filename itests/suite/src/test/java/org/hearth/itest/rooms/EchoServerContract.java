package org.hearth.itest.rooms;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.BeforeEach;

/**
 * Room tests on a server with the echo test bundle: its policy refuses "forbidden-word", its
 * durable stream consumer lists what it heard, its /_hearth/test/view reads through RoomViews.
 */
abstract class EchoServerContract {
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract MatrixHttp http();

    @BeforeEach
    void echoBundleIsUp() {
        Await.until("the echo bundle", Duration.ofSeconds(20), () -> http().get("/_hearth/test/heard").status() == 200);
    }

    /** A new user whose name starts with {@code name}. */
    Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet() + "e" + (System.nanoTime() % 10_000), "pw");
    }

    /** A number not used before in this JVM, for aliases. */
    static int unique() {
        return NEXT.incrementAndGet();
    }

    static String path(String roomId) {
        return "/_matrix/client/v3/rooms/" + roomId;
    }
}
