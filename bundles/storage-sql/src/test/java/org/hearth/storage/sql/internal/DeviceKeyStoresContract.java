package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.hash;
import static org.hearth.storage.sql.internal.Fixtures.session;
import static org.hearth.storage.sql.internal.Fixtures.user;
import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.DeviceKeyStore;
import org.hearth.api.spi.storage.DeviceKeyStore.DeviceKeys;
import org.hearth.api.spi.storage.DeviceListStore;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.OneTimeKeyStore;
import org.hearth.api.spi.storage.OneTimeKeyStore.Claim;
import org.hearth.api.spi.storage.OneTimeKeyStore.ClaimedKey;
import org.hearth.api.spi.storage.OneTimeKeyStore.OneTimeKey;
import org.hearth.api.spi.storage.RemoteDeviceListStore;
import org.hearth.api.spi.storage.RemoteDeviceListStore.RemoteDeviceList;
import org.hearth.api.spi.storage.StoredEvent;
import org.junit.jupiter.api.Test;

/**
 * The {@link DeviceKeyStore}, {@link OneTimeKeyStore} and {@link DeviceListStore} contracts, and
 * what {@link DeviceStore} records of device-list changes; run by {@link StoreSuite} on each database.
 */
abstract class DeviceKeyStoresContract {
    static final UserId CAROL = user("carol");

    final DeviceStore devices;
    final AccountStore accounts;
    final DeviceKeyStore deviceKeys;
    final OneTimeKeyStore oneTimeKeys;
    final DeviceListStore deviceLists;
    final EventStore events;
    final RemoteDeviceListStore remoteLists;

    DeviceKeyStoresContract(StoreSuite suite) {
        remoteLists = new SqlRemoteDeviceListStore(suite.database);
        devices = new SqlDeviceStore(suite.database, suite.keyCounts);
        accounts = new SqlAccountStore(suite.database, suite.keyCounts);
        deviceKeys = new SqlDeviceKeyStore(suite.database);
        oneTimeKeys = new SqlOneTimeKeyStore(suite.database, suite.keyCounts);
        deviceLists = new SqlDeviceListStore(suite.database);
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    void device(UserId user, String deviceId) {
        devices.createSession(session(user, deviceId, hash(), null));
    }

    /** A room where the users are joined. */
    RoomWriter room(String roomId, UserId... members) {
        RoomWriter room = new RoomWriter(events, roomId);
        room.create(members[0]);
        for (UserId member : members) {
            room.member(member, "join");
        }
        return room;
    }

    @Test
    void aRemoteUsersListIsReplacedAndItsChangeSeenByTheUsersSharingARoom() {
        UserId remote = UserId.parse("@rita:remote.test").orElseThrow();
        room("!remote:remote.test", remote, ALICE);
        assertTrue(remoteLists.deviceList(remote).isEmpty());
        long before = deviceLists.currentPosition();

        remoteLists.putDeviceList(remote, 1, "{\"devices\":{}}");
        remoteLists.putDeviceList(remote, 7, "{\"devices\":{\"R1\":{}}}");

        RemoteDeviceList list = remoteLists.deviceList(remote).orElseThrow();
        assertEquals(7, list.streamId());
        assertEquals("{\"devices\":{\"R1\":{}}}", list.json());
        long after = deviceLists.currentPosition();
        assertTrue(after > before);
        assertEquals(Set.of(remote), deviceLists.changedFor(ALICE, before, after));
        assertEquals(Set.of(), deviceLists.changedFor(BOB, before, after));

    }

    @Test
    void aRemoteUserIsTrackedWhileJoinedToARoomWithALocalUser() {
        UserId remote = UserId.parse("@rita:remote.test").orElseThrow();
        UserId other = UserId.parse("@otto:other.test").orElseThrow();
        ServerName local = ALICE.server();
        RoomWriter shared = room("!shared:remote.test", remote, ALICE);
        room("!theirs:remote.test", other, remote);
        assertTrue(remoteLists.sharesRoomWithUserOf(remote, local));
        assertFalse(remoteLists.sharesRoomWithUserOf(other, local), "only in a room without local members");

        shared.member(ALICE, "leave");
        assertFalse(remoteLists.sharesRoomWithUserOf(remote, local), "the local user left");
    }

    @Test
    void aRemoteUsersListIsForgottenWhenTheLastRoomSharedWithALocalUserIsLeft() {
        UserId rita = UserId.parse("@rita:remote.test").orElseThrow();
        UserId otto = UserId.parse("@otto:other.test").orElseThrow();
        ServerName local = ALICE.server();
        RoomWriter both = room("!both:remote.test", rita, otto, ALICE, BOB);
        RoomWriter ritasOther = room("!rita:remote.test", rita, BOB);
        remoteLists.putDeviceList(rita, 1, "{}");
        remoteLists.putDeviceList(otto, 1, "{}");

        both.member(ALICE, "leave");
        remoteLists.forgetMembersIfUnshared("!both:remote.test", local);
        assertTrue(remoteLists.deviceList(otto).isPresent(), "Bob is still in the room");

        both.member(BOB, "leave");
        remoteLists.forgetMembersIfUnshared("!both:remote.test", local);
        assertTrue(remoteLists.deviceList(otto).isEmpty(), "no local user is left in Otto's only room");
        assertTrue(remoteLists.deviceList(rita).isPresent(), "Bob shares another room with Rita");

        remoteLists.forgetIfUnshared(rita, local);
        assertTrue(remoteLists.deviceList(rita).isPresent(), "still shared");
        ritasOther.member(rita, "leave");
        remoteLists.forgetIfUnshared(rita, local);
        assertTrue(remoteLists.deviceList(rita).isEmpty(), "Rita left the last room she shared with a local user");
        remoteLists.forgetIfUnshared(rita, local); // nothing to forget: no error
    }

    @Test
    void deviceKeysAreStoredForExistingDevicesOnly() {
        device(ALICE, "A1");
        devices.renameDevice(ALICE, "A1", "Laptop");
        device(ALICE, "A2");
        device(BOB, "B1");

        assertTrue(deviceKeys.putDeviceKeys(ALICE, "A1", "{\"k\":1}"));
        assertTrue(deviceKeys.putDeviceKeys(ALICE, "A2", "{\"k\":2}"));
        assertTrue(deviceKeys.putDeviceKeys(BOB, "B1", "{\"k\":3}"));
        assertFalse(deviceKeys.putDeviceKeys(ALICE, "NOPE", "{\"k\":4}"), "no such device");
        assertTrue(deviceKeys.putDeviceKeys(ALICE, "A1", "{\"k\":5}"), "replaced");

        assertEquals("{\"k\":5}", deviceKeys.deviceKeys(ALICE, "A1").orElseThrow());
        assertTrue(deviceKeys.deviceKeys(ALICE, "NOPE").isEmpty());
        assertEquals(List.of(new DeviceKeys(ALICE, "A1", "{\"k\":5}", "Laptop"), new DeviceKeys(ALICE, "A2", "{\"k\":2}", "Phone")),
                deviceKeys.deviceKeys(Map.of(ALICE, List.of())));
        assertEquals(List.of(new DeviceKeys(ALICE, "A2", "{\"k\":2}", "Phone"), new DeviceKeys(BOB, "B1", "{\"k\":3}", "Phone")),
                sorted(deviceKeys.deviceKeys(Map.of(ALICE, List.of("A2", "NOPE"), BOB, List.of()))));
        assertEquals(List.of(), deviceKeys.deviceKeys(Map.of(CAROL, List.of())));
    }

    @Test
    void oneTimeKeysAreClaimedOnceInUploadOrderThenTheFallbackKey() {
        device(ALICE, "A1");
        oneTimeKeys.addOneTimeKeys(ALICE, "A1", List.of(new OneTimeKey("signed_curve25519", "signed_curve25519:b", "{\"n\":1}"),
                new OneTimeKey("curve25519", "curve25519:x", "\"x\"")));
        oneTimeKeys.addOneTimeKeys(ALICE, "A1", List.of(new OneTimeKey("signed_curve25519", "signed_curve25519:a", "{\"n\":2}"),
                new OneTimeKey("signed_curve25519", "signed_curve25519:b", "{\"n\":3}")));
        oneTimeKeys.putFallbackKey(ALICE, "A1", "signed_curve25519", "signed_curve25519:f", "{\"f\":1}");

        assertEquals(Map.of("signed_curve25519", 2, "curve25519", 1), oneTimeKeys.oneTimeKeyCounts(ALICE, "A1"));
        assertEquals(Map.of("signed_curve25519:b", "{\"n\":1}"),
                oneTimeKeys.oneTimeKeys(ALICE, "A1", List.of("signed_curve25519:b", "signed_curve25519:zz")),
                "a key ID uploaded again keeps its first key");
        assertEquals(List.of("signed_curve25519"), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "A1"));

        Claim claim = new Claim(ALICE, "A1", "signed_curve25519");
        assertEquals(List.of(new ClaimedKey(ALICE, "A1", "signed_curve25519:b", "{\"n\":1}"),
                new ClaimedKey(ALICE, "A1", "signed_curve25519:a", "{\"n\":2}"),
                new ClaimedKey(ALICE, "A1", "signed_curve25519:f", "{\"f\":1}"),
                new ClaimedKey(ALICE, "A1", "signed_curve25519:f", "{\"f\":1}")),
                oneTimeKeys.claim(List.of(claim, claim, claim, claim)));
        assertEquals(Map.of("curve25519", 1), oneTimeKeys.oneTimeKeyCounts(ALICE, "A1"));
        assertEquals(List.of(), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "A1"), "the fallback key was used");
        assertEquals(List.of(), oneTimeKeys.claim(List.of(new Claim(ALICE, "A1", "other"), new Claim(ALICE, "NOPE", "curve25519"),
                new Claim(BOB, "A1", "curve25519"))));

        oneTimeKeys.putFallbackKey(ALICE, "A1", "signed_curve25519", "signed_curve25519:f", "{\"f\":1}");
        assertEquals(List.of(), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "A1"), "the same key again stays used");
        oneTimeKeys.putFallbackKey(ALICE, "A1", "signed_curve25519", "signed_curve25519:g", "{\"f\":2}");
        assertEquals(List.of("signed_curve25519"), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "A1"));
        oneTimeKeys.putFallbackKey(ALICE, "NOPE", "signed_curve25519", "signed_curve25519:g", "{\"f\":2}");
        assertEquals(List.of(), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "NOPE"));
    }

    @Test
    void concurrentClaimsNeverShareAKey() throws Exception {
        device(ALICE, "A1");
        List<OneTimeKey> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add(new OneTimeKey("signed_curve25519", "signed_curve25519:k" + i, "{\"i\":" + i + "}"));
        }
        oneTimeKeys.addOneTimeKeys(ALICE, "A1", keys);
        List<Callable<List<ClaimedKey>>> claimers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            claimers.add(() -> {
                List<ClaimedKey> got = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    got.addAll(oneTimeKeys.claim(List.of(new Claim(ALICE, "A1", "signed_curve25519"))));
                }
                return got;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        Set<String> seen = new HashSet<>();
        int total = 0;
        try {
            for (Future<List<ClaimedKey>> f : pool.invokeAll(claimers)) {
                for (ClaimedKey k : f.get()) {
                    seen.add(k.keyId());
                    total++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(60, total, "every claim got a key while keys were left");
        assertEquals(60, seen.size(), "no key was handed out twice");
    }

    /** 300 devices claimed in different orders at once deadlocked PostgreSQL before fallback keys were locked in order. */
    @Test
    void concurrentClaimsOfManyDevicesNeitherDeadlockNorShareKeys() throws Exception {
        List<Claim> everyDevice = new ArrayList<>();
        for (int d = 0; d < 300; d++) {
            device(ALICE, "D" + d);
            oneTimeKeys.addOneTimeKeys(ALICE, "D" + d, List.of(new OneTimeKey("signed_curve25519", "signed_curve25519:a", "{}"),
                    new OneTimeKey("signed_curve25519", "signed_curve25519:b", "{}")));
            oneTimeKeys.putFallbackKey(ALICE, "D" + d, "signed_curve25519", "signed_curve25519:fallback", "{}");
            everyDevice.add(new Claim(ALICE, "D" + d, "signed_curve25519"));
        }
        List<Callable<List<ClaimedKey>>> claimers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            List<Claim> order = new ArrayList<>(everyDevice);
            java.util.Collections.shuffle(order, new java.util.Random(t));
            claimers.add(() -> {
                List<ClaimedKey> got = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    got.addAll(oneTimeKeys.claim(order));
                }
                return got;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        Set<String> oneTime = new HashSet<>();
        int oneTimeCount = 0;
        int total = 0;
        try {
            for (Future<List<ClaimedKey>> f : pool.invokeAll(claimers)) {
                for (ClaimedKey k : f.get()) { // rethrows a deadlock
                    total++;
                    if (!k.keyId().endsWith("fallback")) {
                        oneTime.add(k.deviceId() + k.keyId());
                        oneTimeCount++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(6 * 5 * 300, total, "every claim got a key");
        assertEquals(600, oneTimeCount, "every one-time key was handed out");
        assertEquals(600, oneTime.size(), "once");
    }

    @Test
    void deletingADeviceDeletesItsKeys() {
        device(ALICE, "A1");
        deviceKeys.putDeviceKeys(ALICE, "A1", "{}");
        oneTimeKeys.addOneTimeKeys(ALICE, "A1", List.of(new OneTimeKey("curve25519", "curve25519:x", "\"x\"")));
        oneTimeKeys.putFallbackKey(ALICE, "A1", "curve25519", "curve25519:f", "\"f\"");
        // read once before: the figures a /sync asks for each time must not outlive the device
        assertEquals(Map.of("curve25519", 1), oneTimeKeys.oneTimeKeyCounts(ALICE, "A1"));
        assertEquals(List.of("curve25519"), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "A1"));

        devices.deleteDevices(ALICE, List.of("A1"));
        device(ALICE, "A1"); // the same ID again is a new device

        assertTrue(deviceKeys.deviceKeys(ALICE, "A1").isEmpty());
        assertEquals(Map.of(), oneTimeKeys.oneTimeKeyCounts(ALICE, "A1"));
        assertEquals(List.of(), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "A1"));
    }

    @Test
    void deactivatingAnAccountDeletesItsDevicesKeys() {
        device(ALICE, "A1");
        oneTimeKeys.addOneTimeKeys(ALICE, "A1", List.of(new OneTimeKey("curve25519", "curve25519:x", "\"x\"")));
        oneTimeKeys.putFallbackKey(ALICE, "A1", "curve25519", "curve25519:f", "\"f\"");
        assertEquals(Map.of("curve25519", 1), oneTimeKeys.oneTimeKeyCounts(ALICE, "A1"));
        assertEquals(List.of("curve25519"), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "A1"));

        accounts.deactivate(ALICE);

        assertEquals(Map.of(), oneTimeKeys.oneTimeKeyCounts(ALICE, "A1"));
        assertEquals(List.of(), oneTimeKeys.unusedFallbackKeyAlgorithms(ALICE, "A1"));
    }

    @Test
    void deviceChangesReachRoomMatesAndTheUserButNotStrangers() {
        accounts.create(Fixtures.account(CAROL));
        room("!shared:example.org", ALICE, BOB);
        room("!carols:example.org", CAROL);
        long start = deviceLists.currentPosition();

        device(BOB, "B1");
        long afterLogin = deviceLists.currentPosition();
        assertTrue(afterLogin > start, "a new device is a change");
        device(BOB, "B1");
        assertEquals(afterLogin, deviceLists.currentPosition(), "another login on the same device is not");

        assertEquals(Set.of(BOB), deviceLists.changedFor(ALICE, start, afterLogin));
        assertEquals(Set.of(BOB), deviceLists.changedFor(BOB, start, afterLogin));
        assertEquals(Set.of(), deviceLists.changedFor(CAROL, start, afterLogin));

        deviceKeys.putDeviceKeys(BOB, "B1", "{}");
        long afterKeys = deviceLists.currentPosition();
        assertEquals(Set.of(BOB), deviceLists.changedFor(ALICE, afterLogin, afterKeys));
        assertEquals(Set.of(), deviceLists.changedFor(ALICE, afterKeys, afterKeys));

        devices.renameDevice(BOB, "B1", "New name");
        long afterRename = deviceLists.currentPosition();
        assertEquals(Set.of(BOB), deviceLists.changedFor(ALICE, afterKeys, afterRename));

        devices.deleteDevices(BOB, List.of("B1"));
        assertEquals(Set.of(BOB), deviceLists.changedFor(ALICE, afterRename, deviceLists.currentPosition()));
        assertEquals(Set.of(), deviceLists.changedFor(CAROL, start, deviceLists.currentPosition()));
        long end = deviceLists.currentPosition();
        devices.deleteDevices(BOB, List.of("B1"));
        assertEquals(end, deviceLists.currentPosition(), "deleting nothing changes nothing");
    }

    @Test
    void sharingRoomsAndMemberEvents() {
        accounts.create(Fixtures.account(CAROL));
        RoomWriter shared = room("!shared:example.org", ALICE, BOB);
        room("!other:example.org", CAROL);
        long before = events.currentStreamPosition();
        RoomWriter.Sent carolJoins = shared.member(CAROL, "join");
        RoomWriter.Sent bobLeaves = shared.member(BOB, "leave");
        shared.message(ALICE, "not a membership");

        assertEquals(Set.of(CAROL), deviceLists.sharingRoomWith(ALICE, List.of(BOB, CAROL, user("nobody"))));
        List<StoredEvent> members = deviceLists.memberEvents(List.of("!shared:example.org", "!other:example.org"),
                before, events.currentStreamPosition());
        assertEquals(List.of(carolJoins.eventId(), bobLeaves.eventId()), members.stream().map(StoredEvent::eventId).toList());
        assertEquals(List.of(), deviceLists.memberEvents(List.of("!other:example.org"), before, events.currentStreamPosition()));
    }

    private static List<DeviceKeys> sorted(List<DeviceKeys> keys) {
        List<DeviceKeys> out = new ArrayList<>(keys);
        out.sort(java.util.Comparator.comparing((DeviceKeys k) -> k.userId().toString()).thenComparing(DeviceKeys::deviceId));
        return out;
    }
}
