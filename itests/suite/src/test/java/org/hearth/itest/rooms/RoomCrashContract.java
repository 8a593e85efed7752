package org.hearth.itest.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clients send into one room while the server is killed with SIGKILL; after a restart every
 * event that got an event ID is there, in the order each client sent them, and a sync token
 * handed out before the crash still works.
 */
abstract class RoomCrashContract {
    @TempDir
    Path dir;

    abstract TestConfig config(Path dir);

    @Test
    void acknowledgedEventsSurviveSigkill() throws Exception {
        TestConfig config = config(dir).openRegistration();
        Path file = config.write();
        List<String> acknowledgedA = Collections.synchronizedList(new ArrayList<>());
        List<String> acknowledgedB = Collections.synchronizedList(new ArrayList<>());
        Accounts.Login alice;
        Accounts.Login bob;
        String roomId;
        String tokenBeforeCrash;
        try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
            alice = Accounts.register(first.http(), "alice", "pw");
            bob = Accounts.register(first.http(), "bob", "pw");
            roomId = alice.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"))
                    .json().get("room_id").asText();
            assertEquals(200, bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()).status());
            tokenBeforeCrash = bob.http().get("/_matrix/client/v3/sync").json().get("next_batch").asText();

            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService senders = Executors.newFixedThreadPool(2);
            senders.submit(() -> sendUntilDown(alice, roomId, "a", acknowledgedA, running));
            senders.submit(() -> sendUntilDown(bob, roomId, "b", acknowledgedB, running));
            Await.until("both clients to have sent some", Duration.ofSeconds(30),
                    () -> acknowledgedA.size() >= 20 && acknowledgedB.size() >= 20);
            first.kill();
            running.set(false);
            senders.shutdown();
            assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
        }
        try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
            List<String> stored = new ArrayList<>();
            Reply page = second.http().as(alice.accessToken())
                    .get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=f&limit=1000");
            assertEquals(200, page.status(), page.text());
            page.json().get("chunk").forEach(e -> stored.add(e.get("event_id").asText()));
            assertInOrder(acknowledgedA, stored);
            assertInOrder(acknowledgedB, stored);

            JsonNode sync = second.http().as(bob.accessToken())
                    .get("/_matrix/client/v3/sync?since=" + tokenBeforeCrash).json();
            JsonNode timeline = sync.at("/rooms/join/" + roomId + "/timeline");
            assertTrue(timeline.get("events").size() > 0, "the old token sees what came after it: " + sync);
        }
    }

    /**
     * Group commit under load: clients each sending into their own room share transactions, and
     * SIGKILL in the middle loses none of the events that were acknowledged.
     */
    @Test
    void acknowledgedEventsOfManyRoomsSurviveSigkill() throws Exception {
        TestConfig config = config(dir).openRegistration();
        Path file = config.write();
        int clients = 6;
        List<Accounts.Login> senders = new ArrayList<>();
        List<String> rooms = new ArrayList<>();
        List<List<String>> acknowledged = new ArrayList<>();
        try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
            for (int i = 0; i < clients; i++) {
                Accounts.Login sender = Accounts.register(first.http(), "sender" + i, "pw");
                senders.add(sender);
                rooms.add(sender.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"))
                        .json().get("room_id").asText());
                acknowledged.add(Collections.synchronizedList(new ArrayList<>()));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int i = 0; i < clients; i++) {
                int index = i;
                pool.submit(() -> sendUntilDown(senders.get(index), rooms.get(index), "m", acknowledged.get(index),
                        running));
            }
            Await.until("every client to have sent some", Duration.ofSeconds(60),
                    () -> acknowledged.stream().allMatch(a -> a.size() >= 15));
            first.kill();
            running.set(false);
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
        try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
            for (int i = 0; i < clients; i++) {
                Reply page = second.http().as(senders.get(i).accessToken())
                        .get("/_matrix/client/v3/rooms/" + rooms.get(i) + "/messages?dir=f&limit=1000");
                assertEquals(200, page.status(), page.text());
                List<String> stored = new ArrayList<>();
                page.json().get("chunk").forEach(e -> stored.add(e.get("event_id").asText()));
                assertInOrder(acknowledged.get(i), stored);
            }
        }
    }

    private static void sendUntilDown(Accounts.Login who, String roomId, String tag, List<String> acknowledged,
                                      AtomicBoolean running) {
        for (int i = 0; running.get(); i++) {
            try {
                Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/" + tag + i,
                        Map.of("msgtype", "m.text", "body", tag + i));
                if (reply.status() == 200) {
                    acknowledged.add(reply.json().get("event_id").asText());
                }
            } catch (UncheckedIOException serverGone) {
                return;
            }
        }
    }

    /** Every acknowledged event is stored, and in the order it was acknowledged. */
    private static void assertInOrder(List<String> acknowledged, List<String> stored) {
        int last = -1;
        for (String id : acknowledged) {
            int at = stored.indexOf(id);
            assertTrue(at >= 0, "acknowledged event " + id + " was lost");
            assertTrue(at > last, "event " + id + " is out of order");
            last = at;
        }
    }
}
