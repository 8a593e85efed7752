package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.hash;
import static org.hearth.storage.sql.internal.Fixtures.session;
import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.spi.storage.CrossSigningStore;
import org.hearth.api.spi.storage.CrossSigningStore.CrossSigningKey;
import org.hearth.api.spi.storage.CrossSigningStore.Signature;
import org.hearth.api.spi.storage.DeviceKeyStore;
import org.hearth.api.spi.storage.DeviceListStore;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.api.spi.storage.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link CrossSigningStore} contract; run by {@link StoreSuite} on each database. */
abstract class CrossSigningStoreContract {
    static final CrossSigningKey MASTER = new CrossSigningKey("master", "M1", "{\"m\":1}");
    static final CrossSigningKey SELF = new CrossSigningKey("self_signing", "S1", "{\"s\":1}");
    static final CrossSigningKey USER = new CrossSigningKey("user_signing", "U1", "{\"u\":1}");

    final CrossSigningStore crossSigning;
    final DeviceListStore deviceLists;
    final DeviceStore devices;
    final EventStore events;
    final DeviceKeyStore deviceKeys;

    CrossSigningStoreContract(StoreSuite suite) {
        deviceKeys = new SqlDeviceKeyStore(suite.database);
        crossSigning = new SqlCrossSigningStore(suite.database);
        deviceLists = new SqlDeviceListStore(suite.database);
        devices = new SqlDeviceStore(suite.database, suite.keyCounts);
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    @BeforeEach
    void aliceAndBobShareARoom() {
        RoomWriter room = new RoomWriter(events, "!shared:example.org");
        room.create(ALICE);
        room.member(ALICE, "join");
        room.member(BOB, "join");
    }

    @Test
    void keysAreReplacedPerUsage() {
        crossSigning.putKeys(ALICE, List.of(MASTER, SELF));
        crossSigning.putKeys(ALICE, List.of(USER));
        CrossSigningKey newSelf = new CrossSigningKey("self_signing", "S2", "{\"s\":2}");
        crossSigning.putKeys(ALICE, List.of(newSelf));

        assertEquals(Map.of(ALICE, Map.of("master", MASTER, "self_signing", newSelf, "user_signing", USER)),
                crossSigning.keys(List.of(ALICE, BOB)));
    }

    @Test
    void onlyTheUserHearsOfTheirUserSigningKey() {
        long start = deviceLists.currentPosition();
        crossSigning.putKeys(BOB, List.of(USER));
        long afterUser = deviceLists.currentPosition();
        crossSigning.putKeys(BOB, List.of(MASTER));

        assertEquals(Set.of(), deviceLists.changedFor(ALICE, start, afterUser));
        assertEquals(Set.of(BOB), deviceLists.changedFor(BOB, start, afterUser));
        assertEquals(Set.of(BOB), deviceLists.changedFor(ALICE, afterUser, deviceLists.currentPosition()));
    }

    @Test
    void signaturesAreSeenByTheKeyOwnerAndTheSigner() {
        devices.createSession(session(ALICE, "A1", hash(), null));
        Signature ownDevice = new Signature(ALICE, "ed25519:S1", ALICE, "A1", "sig-device");
        Signature ownMaster = new Signature(ALICE, "ed25519:A1", ALICE, "M1", "sig-master");
        Signature bobsMaster = new Signature(ALICE, "ed25519:U1", BOB, "M2", "sig-bob");
        long start = deviceLists.currentPosition();
        crossSigning.addSignatures(List.of(ownDevice, ownMaster, bobsMaster));
        long end = deviceLists.currentPosition();

        assertEquals(List.of(ownDevice, ownMaster), crossSigning.signatures(List.of(ALICE), BOB));
        assertEquals(List.of(), crossSigning.signatures(List.of(BOB), BOB), "Alice's signature is hers to see");
        assertEquals(List.of(bobsMaster), crossSigning.signatures(List.of(BOB), ALICE));
        assertEquals(Set.of(ALICE), deviceLists.changedFor(BOB, start, end));
        assertEquals(Set.of(ALICE, BOB), deviceLists.changedFor(ALICE, start, end));

        Signature again = new Signature(ALICE, "ed25519:S1", ALICE, "A1", "sig-device-2");
        crossSigning.addSignatures(List.of(again));
        assertEquals(List.of(again, ownMaster), crossSigning.signatures(List.of(ALICE), ALICE));
    }

    @Test
    void signaturesGoWithTheKeyTheySigned() {
        devices.createSession(session(ALICE, "A1", hash(), null));
        crossSigning.putKeys(ALICE, List.of(MASTER));
        crossSigning.addSignatures(List.of(new Signature(ALICE, "ed25519:A1", ALICE, "M1", "sig-master"),
                new Signature(ALICE, "ed25519:S1", ALICE, "A1", "sig-device")));

        crossSigning.putKeys(ALICE, List.of(new CrossSigningKey("master", "M2", "{\"m\":2}")));
        assertEquals(List.of(new Signature(ALICE, "ed25519:S1", ALICE, "A1", "sig-device")),
                crossSigning.signatures(List.of(ALICE), ALICE), "the old master key's signature went with it");

        deviceKeys.putDeviceKeys(ALICE, "A1", "{\"k\":1}");
        crossSigning.addSignatures(List.of(new Signature(ALICE, "ed25519:S1", ALICE, "A1", "sig-device")));
        deviceKeys.putDeviceKeys(ALICE, "A1", "{\"k\":1}");
        assertEquals(1, crossSigning.signatures(List.of(ALICE), ALICE).size(), "the same keys again keep it");
        deviceKeys.putDeviceKeys(ALICE, "A1", "{\"k\":2}");
        assertEquals(List.of(), crossSigning.signatures(List.of(ALICE), ALICE), "new device keys drop it");

        crossSigning.addSignatures(List.of(new Signature(ALICE, "ed25519:S1", ALICE, "A1", "sig-device")));
        devices.deleteDevices(ALICE, List.of("A1"));
        assertEquals(List.of(), crossSigning.signatures(List.of(ALICE), ALICE), "a deleted device drops it");
    }
}
