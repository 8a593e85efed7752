package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.NOW;
import static org.hearth.storage.sql.internal.Fixtures.account;
import static org.hearth.storage.sql.internal.Fixtures.hash;
import static org.hearth.storage.sql.internal.Fixtures.session;
import static org.hearth.storage.sql.internal.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.spi.storage.Device;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.ExternalIdStore;
import org.hearth.api.spi.storage.KeyBackupStore;
import org.hearth.api.spi.storage.NewSession;
import org.hearth.api.spi.storage.ProfileStore;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.RefreshToken;
import org.hearth.api.spi.storage.SearchStore;
import org.hearth.api.spi.storage.Session;
import org.hearth.api.spi.storage.StoreException;
import org.hearth.api.spi.storage.UserDataStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * The store contracts, run against each database by a subclass that creates empty databases:
 * one for the class, more for the migration tests. Accounts and devices are tested here, the
 * other stores in the nested classes. Every test starts with accounts ALICE and BOB only, and
 * without rooms, events or user data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreSuite {
    static final UserId ALICE = user("alice");
    static final UserId BOB = user("bob");
    /** How long an access token issued by a refresh lasts. */
    static final long LIFETIME = 300_000;

    /** The tables of rooms, events and user data, emptied before each test (the stream position goes on). */
    private static final List<String> ROOM_TABLES = List.of("rooms", "room_aliases", "events", "event_transactions",
            "state_group_entries", "state_groups", "current_state", "room_memberships", "room_extremities", "filters",
            "account_data", "forgotten_rooms", "event_relations", "push_notification_groups", "push_reads", "pushers",
            "partial_state_rooms");
    /** The end-to-end encryption tables not tied to devices (the others follow accounts; the stream positions go on). */
    private static final List<String> E2EE_TABLES = List.of("cross_signing_keys", "key_signatures",
            "device_list_changes", "to_device_messages", "to_device_transactions", "key_backup_keys",
            "key_backup_versions");

    DatabaseSettings settings;
    Database database;
    /** Shared by the stores of one database, as in the bundle: the writes of each count for the reads of another. */
    final KeyCountsKept keyCounts = new KeyCountsKept();
    final UnreadCountsKept unreadCounts = new UnreadCountsKept();
    /** Shared as the counts are; push_slots is not emptied between tests, so that it holds what this keeps. */
    PushSlots pushSlots;
    AccountStore accounts;
    DeviceStore devices;
    ExternalIdStore externalIds;

    private TestAbortedException unavailable;

    /** Creates another empty database, or aborts (an assumption) when its server is not there. */
    abstract DatabaseSettings createDatabase() throws Exception;

    /** Removes those created; called also when {@link #createDatabase} failed. */
    abstract void dropDatabases() throws Exception;

    @BeforeAll
    void open() throws Exception {
        try {
            settings = createDatabase();
        } catch (TestAbortedException e) {
            unavailable = e; // each test reports itself skipped, so the reports count them
            return;
        }
        database = new Database(settings);
        pushSlots = new PushSlots(database);
        accounts = new SqlAccountStore(database, keyCounts);
        devices = new SqlDeviceStore(database, keyCounts);
        externalIds = new SqlExternalIdStore(database);
    }

    @AfterAll
    void close() throws Exception {
        if (database != null) {
            database.close();
        }
        dropDatabases();
    }

    @BeforeEach
    void startEmpty() throws SQLException {
        if (unavailable != null) {
            Assumptions.abort(unavailable.getMessage());
        }
        sql("DELETE FROM accounts"); // devices, tokens and external IDs follow through the foreign keys
        for (String table : ROOM_TABLES) {
            sql("DELETE FROM " + table);
        }
        for (String table : E2EE_TABLES) {
            sql("DELETE FROM " + table);
        }
        accounts.create(account(ALICE));
        accounts.create(account(BOB));
    }

    // --- accounts

    @Test
    void createdAccountIsFound() {
        UserId carol = user("carol");
        Account account = new Account(carol, null, null, true, false, NOW + 5);
        assertTrue(accounts.create(account));
        assertEquals(account, accounts.find(carol).orElseThrow());
        assertTrue(accounts.find(user("nobody")).isEmpty());
    }

    @Test
    void takenUserIdIsNotCreatedAgain() {
        assertFalse(accounts.create(new Account(ALICE, null, "Other", true, false, NOW + 1)));
        assertEquals(account(ALICE), accounts.find(ALICE).orElseThrow());
    }

    @Test
    void deactivatedUserIdIsNeverReused() {
        accounts.deactivate(ALICE);
        assertFalse(accounts.create(account(ALICE)));
    }

    @Test
    void passwordDisplayNameAndAdminChange() {
        accounts.setPasswordHash(ALICE, "$argon2id$new");
        accounts.setDisplayName(ALICE, "Alice Liddell");
        accounts.setAdmin(ALICE, true);
        assertEquals(new Account(ALICE, "$argon2id$new", "Alice Liddell", true, false, NOW),
                accounts.find(ALICE).orElseThrow());
        accounts.setDisplayName(ALICE, null);
        accounts.setAdmin(ALICE, false);
        Account after = accounts.find(ALICE).orElseThrow();
        assertNull(after.displayName());
        assertFalse(after.admin());
    }

    @Test
    void anAccountIsLockedAndSuspendedAndBothAreLifted() {
        Account fresh = accounts.find(ALICE).orElseThrow();
        assertFalse(fresh.locked() || fresh.suspended(), "new accounts are neither locked nor suspended");
        accounts.setLocked(ALICE, true);
        assertEquals(new Account(ALICE, account(ALICE).passwordHash(), "Alice", false, false, NOW, false, true, false),
                accounts.find(ALICE).orElseThrow());
        accounts.setSuspended(ALICE, true);
        accounts.setLocked(ALICE, false);
        assertEquals(new Account(ALICE, account(ALICE).passwordHash(), "Alice", false, false, NOW, false, false, true),
                accounts.find(ALICE).orElseThrow());
        accounts.setSuspended(ALICE, false);
        assertEquals(fresh, accounts.find(ALICE).orElseThrow());
    }

    @Test
    void deactivationRemovesPasswordDevicesAndTokens() {
        Login phone = login(ALICE, "PHONE");
        Login laptop = login(ALICE, "LAPTOP");
        Login bobs = login(BOB, "PHONE");

        accounts.deactivate(ALICE);

        Account account = accounts.find(ALICE).orElseThrow();
        assertTrue(account.deactivated());
        assertNull(account.passwordHash());
        assertTrue(devices.devices(ALICE).isEmpty());
        assertRevoked(phone, laptop);
        assertValid(bobs);
    }

    @Test
    void erasedAccountsAreFoundAmongOthers() {
        UserId stranger = user("stranger");
        assertEquals(Set.of(), accounts.erased(List.of(ALICE, BOB, stranger)));

        accounts.markErased(ALICE);

        assertEquals(Set.of(ALICE), accounts.erased(List.of(ALICE, BOB, stranger)));
        assertEquals(Set.of(), accounts.erased(List.of()));
    }

    @Test
    void erasureDeletesWhatTheUserKeptBesidesEvents() {
        UserDataStore userData = new SqlUserDataStore(database);
        ProfileStore profiles = new SqlProfileStore(database);
        PushStore push = new SqlPushStore(database, unreadCounts, pushSlots);
        KeyBackupStore backups = new SqlKeyBackupStore(database);
        for (UserId user : List.of(ALICE, BOB)) {
            accounts.setDisplayName(user, "Name");
            userData.putAccountData(user, "", "m.direct", "{}");
            userData.putAccountData(user, "!hall:example.org", "m.tag", "{}");
            profiles.setField(user, "avatar_url", "\"mxc://example.org/a\"");
            push.putPushRules(user, "{}");
            backups.createVersion(user, "m.megolm_backup.v1.curve25519-aes-sha2", "{}");
        }

        accounts.markErased(ALICE);

        assertNull(accounts.find(ALICE).orElseThrow().displayName());
        assertEquals(List.of(), userData.accountDataChanged(ALICE, 0, Long.MAX_VALUE));
        assertEquals(Map.of(), profiles.fields(ALICE));
        assertTrue(push.pushRules(ALICE).isEmpty());
        assertTrue(backups.currentVersion(ALICE).isEmpty());
        // nobody else's
        assertEquals("Name", accounts.find(BOB).orElseThrow().displayName());
        assertEquals(2, userData.accountDataChanged(BOB, 0, Long.MAX_VALUE).size());
        assertEquals(1, profiles.fields(BOB).size());
        assertTrue(push.pushRules(BOB).isPresent());
        assertTrue(backups.currentVersion(BOB).isPresent());
    }

    // --- sessions

    @Test
    void sessionWithoutRefreshToken() {
        byte[] access = hash();
        devices.createSession(session(ALICE, "PHONE", access, null));

        Session session = devices.findByAccessToken(access).orElseThrow();
        assertEquals(ALICE, session.userId());
        assertEquals("PHONE", session.deviceId());
        assertNull(session.expiresAt());
        assertNull(session.refreshTokenId());
        assertFalse(session.used());
        assertEquals(new Device(ALICE, "PHONE", "Phone", NOW, "192.0.2.1"), devices.device(ALICE, "PHONE").orElseThrow());
        assertTrue(devices.findByAccessToken(hash()).isEmpty());
    }

    @Test
    void sessionWithRefreshTokenAndExpiry() {
        byte[] access = hash();
        byte[] refresh = hash();
        devices.createSession(new NewSession(ALICE, "PHONE", null, access, 1_234_567_890_123L, refresh, null, NOW));

        Session session = devices.findByAccessToken(access).orElseThrow();
        assertEquals(1_234_567_890_123L, session.expiresAt());
        RefreshToken token = devices.findRefreshToken(refresh).orElseThrow();
        assertEquals(new RefreshToken(session.refreshTokenId(), ALICE, "PHONE", null), token);
        assertTrue(devices.findRefreshToken(hash()).isEmpty());
    }

    @Test
    void loginWithAnExistingDeviceKeepsItAndItsName() {
        byte[] first = hash();
        byte[] second = hash();
        devices.createSession(session(ALICE, "PHONE", first, null));
        devices.createSession(new NewSession(ALICE, "PHONE", "Other name", second, null, null, "192.0.2.9", NOW + 60));

        assertEquals(List.of(new Device(ALICE, "PHONE", "Phone", NOW + 60, "192.0.2.9")), devices.devices(ALICE));
        assertTrue(devices.findByAccessToken(first).isPresent());
        assertTrue(devices.findByAccessToken(second).isPresent());
    }

    @Test
    void failedCallWritesNothingAndHidesTheHash() {
        byte[] access = hash();
        devices.createSession(session(ALICE, "PHONE", access, null));

        StoreException e = assertThrows(StoreException.class,
                () -> devices.createSession(session(ALICE, "LAPTOP", access, null)));

        assertTrue(e.getMessage().startsWith("DeviceStore.createSession: "), e.getMessage());
        assertNotInMessages(e, Fixtures.hex(access).substring(0, 16));
        assertTrue(devices.device(ALICE, "LAPTOP").isEmpty(), "the device of the failed call was rolled back");
    }

    // --- refresh

    @Test
    void oldRefreshTokenLastsUntilTheNewAccessTokenIsUsed() {
        Login first = login(ALICE, "PHONE");
        Login second = first.rotate();

        assertEquals(second.refreshId(), first.nextId());
        assertValid(first, second);
        Session fresh = devices.findByAccessToken(second.access).orElseThrow();
        assertEquals(second.refreshId(), fresh.refreshTokenId());
        assertEquals(NOW + LIFETIME, fresh.expiresAt());
        assertFalse(fresh.used());

        devices.markUsed(fresh);

        assertRevoked(first);
        assertTrue(devices.findByAccessToken(second.access).orElseThrow().used());
        assertEquals(new RefreshToken(second.refreshId(), ALICE, "PHONE", null),
                devices.findRefreshToken(second.refresh).orElseThrow());
    }

    @Test
    void oldRefreshTokenLastsUntilTheNewRefreshTokenIsUsed() {
        Login first = login(ALICE, "PHONE");
        Login second = first.rotate();
        Login third = second.rotate();

        assertRevoked(first);
        assertValid(second, third);
        assertEquals(third.refreshId(), second.nextId());
    }

    @Test
    void repeatedRefreshReplacesTheUnusedSuccessor() {
        Login first = login(ALICE, "PHONE");
        Login lost = first.rotate();
        Login retried = first.rotate(); // the client never got the answer and refreshes again

        assertRevoked(lost);
        assertValid(first, retried);
        assertEquals(retried.refreshId(), first.nextId());
    }

    @Test
    void revokedRefreshTokenIssuesNothing() {
        Login first = login(ALICE, "PHONE");
        RefreshToken stale = devices.findRefreshToken(first.refresh).orElseThrow();
        devices.deleteAccessToken(devices.findByAccessToken(first.access).orElseThrow().accessTokenId());
        byte[] access = hash();

        devices.rotate(stale, access, null, hash(), NOW);

        assertTrue(devices.findByAccessToken(access).isEmpty());
    }

    @Test
    void markUsedWithoutRefreshToken() {
        byte[] access = hash();
        devices.createSession(session(ALICE, "PHONE", access, null));
        devices.markUsed(devices.findByAccessToken(access).orElseThrow());
        assertTrue(devices.findByAccessToken(access).orElseThrow().used());
    }

    // --- logout

    @Test
    void deletingAnAccessTokenDeletesItsRefreshTokenButNotTheDevice() {
        Login phone = login(ALICE, "PHONE");
        Login laptop = login(ALICE, "LAPTOP");

        devices.deleteAccessToken(devices.findByAccessToken(phone.access).orElseThrow().accessTokenId());

        assertRevoked(phone);
        assertTrue(devices.device(ALICE, "PHONE").isPresent());
        assertValid(laptop);
    }

    @Test
    void loggingOutEndsTheWholeRefreshChain() {
        Login first = login(ALICE, "PHONE");
        Login pending = first.rotate();

        devices.deleteAccessToken(devices.findByAccessToken(first.access).orElseThrow().accessTokenId());

        assertRevoked(first, pending);
    }

    // --- devices

    @Test
    void devicesAreListedPerUser() {
        devices.createSession(session(ALICE, "PHONE", hash(), null));
        devices.createSession(new NewSession(ALICE, "LAPTOP", null, hash(), null, null, null, NOW));
        devices.createSession(session(BOB, "TABLET", hash(), null));

        assertEquals(List.of(new Device(ALICE, "LAPTOP", null, NOW, null), new Device(ALICE, "PHONE", "Phone", NOW, "192.0.2.1")),
                devices.devices(ALICE));
        assertTrue(devices.device(ALICE, "TABLET").isEmpty());
        assertTrue(devices.devices(user("nobody")).isEmpty());
    }

    @Test
    void renameAndTouchChangeOneDevice() {
        devices.createSession(session(ALICE, "PHONE", hash(), null));
        devices.createSession(session(ALICE, "LAPTOP", hash(), null));

        devices.renameDevice(ALICE, "PHONE", "Work phone");
        devices.touch(ALICE, "LAPTOP", NOW + 500, "2001:db8::3");
        devices.touch(List.of(new DeviceStore.Seen(ALICE, "PHONE", NOW + 1000, "2001:db8::1", "Element/1.11 (Android)"),
                new DeviceStore.Seen(ALICE, "GONE", NOW + 1000, "2001:db8::2")));

        assertEquals(new Device(ALICE, "PHONE", "Work phone", NOW + 1000, "2001:db8::1", "Element/1.11 (Android)"),
                devices.device(ALICE, "PHONE").orElseThrow());
        assertTrue(devices.device(ALICE, "GONE").isEmpty(), "a device no longer there is skipped");
        assertEquals(new Device(ALICE, "LAPTOP", "Phone", NOW + 500, "2001:db8::3"),
                devices.device(ALICE, "LAPTOP").orElseThrow());
    }

    @Test
    void textWithNulIsRefusedAlikeOnEveryDatabase() {
        devices.createSession(session(ALICE, "PHONE", hash(), null));
        StoreException e = assertThrows(StoreException.class, () -> devices.renameDevice(ALICE, "PHONE", "a\u0000b"));
        assertTrue(e.getMessage().contains("22021"), e.getMessage());
        assertEquals("Phone", devices.device(ALICE, "PHONE").orElseThrow().displayName(), "nothing was stored");
    }

    @Test
    void deletingDevicesDeletesTheirTokens() {
        Login phone = login(ALICE, "PHONE");
        Login laptop = login(ALICE, "LAPTOP");
        Login tablet = login(ALICE, "TABLET");
        Login bobs = login(BOB, "PHONE");

        devices.deleteDevices(ALICE, List.of("PHONE", "LAPTOP", "NO_SUCH_DEVICE"));

        assertEquals(List.of("TABLET"), devices.devices(ALICE).stream().map(Device::deviceId).toList());
        assertRevoked(phone, laptop);
        assertValid(tablet, bobs);
    }

    // --- external IDs

    @Test
    void linkIsFoundUntilUnlinked() {
        externalIds.link("ldap", "entry-1", ALICE);
        externalIds.link("ldap", "entry-2", BOB);
        assertLinks("ldap", Map.of("entry-1", ALICE, "entry-2", BOB));

        externalIds.unlink("ldap", "entry-1");
        externalIds.unlink("ldap", "no-such-entry");

        assertLinks("ldap", Map.of("entry-2", BOB));
        assertTrue(externalIds.find("ldap", "entry-1").isEmpty());
    }

    @Test
    void linkingAnIdentityAgainReplacesItsLink() {
        externalIds.link("ldap", "entry-1", ALICE);
        externalIds.link("ldap", "entry-1", BOB);
        assertLinks("ldap", Map.of("entry-1", BOB));
    }

    @Test
    void providersDoNotSeeEachOthersLinks() {
        externalIds.link("ldap", "same-id", ALICE);
        externalIds.link("oidc", "same-id", BOB);
        assertLinks("ldap", Map.of("same-id", ALICE));
        assertLinks("oidc", Map.of("same-id", BOB));
        assertLinks("saml", Map.of());

        externalIds.unlink("oidc", "same-id");

        assertLinks("ldap", Map.of("same-id", ALICE));
        assertLinks("oidc", Map.of());
    }

    @Test
    void linkToAnUnknownAccountFailsAndHidesTheValues() {
        externalIds.link("ldap", "entry-1", ALICE);

        StoreException replacing = assertThrows(StoreException.class,
                () -> externalIds.link("ldap", "entry-1", user("nobody")));
        StoreException creating = assertThrows(StoreException.class,
                () -> externalIds.link("ldap", "entry-2", user("nobody")));

        for (StoreException e : List.of(replacing, creating)) {
            assertTrue(e.getMessage().startsWith("ExternalIdStore.link: "), e.getMessage());
            assertNotInMessages(e, "entry-", "nobody");
        }
        assertLinks("ldap", Map.of("entry-1", ALICE));
    }

    @Test
    void accountAndLinkAreCreatedTogether() {
        UserId carol = user("carol");
        assertTrue(accounts.create(account(carol), "ldap", "entry-c"));
        assertEquals(account(carol), accounts.find(carol).orElseThrow());
        assertLinks("ldap", Map.of("entry-c", carol));
    }

    @Test
    void failingLinkLeavesNoAccount() {
        UserId carol = user("carol");
        StoreException e = assertThrows(StoreException.class, () -> accounts.create(account(carol), null, "entry-c"));
        assertTrue(e.getMessage().startsWith("AccountStore.create: "), e.getMessage());
        assertTrue(accounts.find(carol).isEmpty(), "the account was stored without its link");
        assertLinks("ldap", Map.of());
    }

    @Test
    void accountThatIsNotCreatedGetsNoLink() {
        // a taken user ID: the identity must not land on the existing account
        assertFalse(accounts.create(new Account(ALICE, null, "Other", false, false, NOW + 1), "ldap", "entry-x"));
        // an insert of the account that fails (no user ID: NOT NULL)
        assertThrows(StoreException.class,
                () -> accounts.create(new Account(null, null, null, false, false, NOW), "ldap", "entry-y"));
        assertLinks("ldap", Map.of());
        assertEquals(account(ALICE), accounts.find(ALICE).orElseThrow());
    }

    @Test
    void deactivatedAccountKeepsItsLinks() {
        externalIds.link("ldap", "entry-1", ALICE);
        accounts.deactivate(ALICE);
        assertLinks("ldap", Map.of("entry-1", ALICE));
    }

    // --- rooms, events, state and user data: the contracts of the other stores

    @Nested
    class Rooms extends RoomStoreContract {
        Rooms() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class Receipts extends ReceiptStoreContract {
        Receipts() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class Push extends PushStoreContract {
        Push() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class Events extends EventStoreContract {
        Events() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class EventDag extends EventDagContract {
        EventDag() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class PartialState extends PartialStateContract {
        PartialState() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class WriteBatches extends WriteBatchContract {
        WriteBatches() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class StateGroupChains extends StateGroupContract {
        StateGroupChains() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class LargeRoom extends LargeRoomContract {
        LargeRoom() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class UserData extends UserDataStoreContract {
        UserData() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class DeviceKeys extends DeviceKeyStoresContract {
        DeviceKeys() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class CrossSigning extends CrossSigningStoreContract {
        CrossSigning() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class SlidingSync extends SlidingSyncStoreContract {
        SlidingSync() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class ToDevice extends ToDeviceStoreContract {
        ToDevice() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class KeyBackups extends KeyBackupStoreContract {
        KeyBackups() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class Profiles extends ProfileStoresContract {
        Profiles() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class Relations extends RelationStoreContract {
        Relations() {
            super(StoreSuite.this);
        }
    }

    @Nested
    class BundleTables extends BundleDatabaseContract {
        BundleTables() {
            super(StoreSuite.this);
        }
    }

    // --- group commit

    @Test
    void groupCommitAcknowledgesEveryWriteOnceCommittedAndFailsOnlyTheFailingOne() throws Exception {
        sql("CREATE TABLE IF NOT EXISTS group_commit_probe (n INTEGER PRIMARY KEY)");
        sql("DELETE FROM group_commit_probe");
        int writers = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int first = w * each;
                done.add(pool.submit(() -> {
                    int failed = 0;
                    for (int n = first; n < first + each; n++) {
                        // every fifth write repeats the key of the one before: that write, alone, must fail,
                        // and the writes sharing its group's transaction must not be half committed
                        int key = n % 5 == 4 ? n - 1 : n;
                        try {
                            database.groupTransaction("probe", session -> insertProbe(session, key));
                            // acknowledged means committed: another connection sees it at once
                            assertEquals(1, count("SELECT COUNT(*) FROM group_commit_probe WHERE n = " + key));
                        } catch (StoreException e) {
                            failed++;
                        }
                    }
                    return failed;
                }));
            }
            int failed = 0;
            for (Future<Integer> f : done) {
                failed += f.get();
            }
            assertEquals(writers * each / 5, failed);
            assertEquals(writers * each - writers * each / 5, count("SELECT COUNT(*) FROM group_commit_probe"));
        } finally {
            pool.shutdownNow();
            sql("DROP TABLE group_commit_probe");
        }
    }

    private static int insertProbe(SqlSession session, int key) {
        try (PreparedStatement insert = session.getConnection().prepareStatement("INSERT INTO group_commit_probe (n) VALUES (?)")) {
            insert.setInt(1, key);
            return insert.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    // --- schema

    @Test
    void version1DatabaseMigratesWithItsAccounts() throws Exception {
        DatabaseSettings old = createDatabase();
        DataSource oldSource = DataSources.forSettings(old);
        Migrations.apply(oldSource, old.dialect(), 1);
        Account alice = account(ALICE);
        try (Connection connection = oldSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO accounts (user_id, password_hash, display_name, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, alice.userId().toString());
            insert.setString(2, alice.passwordHash());
            insert.setString(3, alice.displayName());
            insert.setLong(4, alice.createdAt());
            insert.executeUpdate();
        }
        assertEquals(1, count(oldSource, "SELECT MAX(version) FROM schema_version"));

        Database migrated = new Database(old);
        try {
            assertEquals(Migrations.latest(), count(migrated.dataSource(), "SELECT MAX(version) FROM schema_version"));
            assertEquals(Optional.of(alice), new SqlAccountStore(migrated, new KeyCountsKept()).find(ALICE));
            ExternalIdStore links = new SqlExternalIdStore(migrated);
            links.link("ldap", "entry-1", ALICE);
            assertEquals(Optional.of(ALICE), links.find("ldap", "entry-1"));
        } finally {
            migrated.close();
        }
    }

    @Test
    void version4TransactionsGetTheScopeOfTheirRequest() throws Exception {
        DatabaseSettings old = createDatabase();
        DataSource oldSource = DataSources.forSettings(old);
        Migrations.apply(oldSource, old.dialect(), 4);
        try (Connection connection = oldSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO events (stream_position, event_id, room_id, depth, type, sender, origin_server_ts,"
                    + " json, state_group) VALUES (1, '$m', '!r:example.org', 1, 'm.room.message', '@alice:example.org',"
                    + " 0, '{\"content\":{}}', 1), (2, '$x', '!r:example.org', 2, 'm.room.redaction',"
                    + " '@alice:example.org', 0, '{\"content\":{\"redacts\":\"$m\"}}', 1)");
            s.execute("INSERT INTO event_transactions (sender, device_id, txn_id, event_id) VALUES"
                    + " ('@alice:example.org', 'PHONE', '1', '$m'), ('@alice:example.org', 'PHONE', '2', '$x')");
        }

        Database migrated = new Database(old);
        try {
            EventStore events = new SqlEventStore(migrated, new UnreadCountsKept(), new PushSlots(migrated));
            assertEquals(Optional.of("$m"), events.eventForTransaction(ALICE,
                    new ClientTxn("PHONE", "send !r:example.org m.room.message", "1")));
            assertEquals(Optional.of("$x"), events.eventForTransaction(ALICE,
                    new ClientTxn("PHONE", "redact !r:example.org $m", "2")));
            assertEquals(Optional.empty(), events.eventForTransaction(ALICE,
                    new ClientTxn("PHONE", "redact !r:example.org $m", "1")));
        } finally {
            migrated.close();
        }
    }

    @Test
    void forwardExtremitiesStoredAsRowsAreTheRoomsAfterTheMigration() throws Exception {
        DatabaseSettings old = createDatabase();
        DataSource oldSource = DataSources.forSettings(old);
        Migrations.apply(oldSource, old.dialect(), 20); // the schema before 021_room_extremities
        try (Connection connection = oldSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO forward_extremities (room_id, event_id) VALUES ('!fork:example.org', '$right'),"
                    + " ('!fork:example.org', '$left'), ('!line:example.org', '$head')");
        }

        Database migrated = new Database(old);
        try {
            EventStore events = new SqlEventStore(migrated, new UnreadCountsKept(), new PushSlots(migrated));
            assertEquals(List.of("$left", "$right"), events.forwardExtremities("!fork:example.org"));
            assertEquals(List.of("$head"), events.forwardExtremities("!line:example.org"));
            assertEquals(List.of(), events.forwardExtremities("!none:example.org"));
        } finally {
            migrated.close();
        }
    }

    @Test
    void notificationsKeptPerUserAreTheSameAfterTheMigration() throws Exception {
        DatabaseSettings old = createDatabase();
        DataSource oldSource = DataSources.forSettings(old);
        Migrations.apply(oldSource, old.dialect(), 22); // the schema before 023_push_notification_groups
        String hall = "!hall:example.org";
        String den = "!den:example.org";
        try (Connection connection = oldSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO push_notifications (user_id, room_id, event_id, stream_position, thread_id,"
                    + " highlight, unread, actions, ts) VALUES"
                    + " ('@alice:example.org', '" + hall + "', '$one', 1, 'main', 0, 0, '[\"notify\"]', 10),"
                    + " ('@alice:example.org', '" + hall + "', '$two', 2, 'main', 1, 1, '[\"notify\",{}]', 20),"
                    + " ('@alice:example.org', '" + hall + "', '$three', 3, '$root', 0, 1, '[\"notify\"]', 30),"
                    + " ('@bob:example.org', '" + hall + "', '$two', 2, 'main', 0, 1, '[\"notify\"]', 20),"
                    + " ('@bob:example.org', '" + den + "', '$four', 4, 'main', 0, 0, '[\"notify\"]', 40)");
        }

        Database migrated = new Database(old);
        try {
            PushStore push = new SqlPushStore(migrated, new UnreadCountsKept(), new PushSlots(migrated));
            assertEquals(List.of(new PushStore.UnreadCount(hall, "$root", 1, 0), new PushStore.UnreadCount(hall, "main", 1, 1)),
                    push.unreadCounts(ALICE, List.of(hall, den)).stream()
                            .sorted(Comparator.comparing(PushStore.UnreadCount::threadId)).toList());
            assertEquals(List.of(new PushStore.UnreadCount(hall, "main", 1, 0)), push.unreadCounts(BOB, List.of(hall, den)));
            assertEquals(List.of(
                    new PushStore.Notification(ALICE.toString(), hall, "$three", 3, "$root", false, "[\"notify\"]", 30, false),
                    new PushStore.Notification(ALICE.toString(), hall, "$two", 2, "main", true, "[\"notify\",{}]", 20, false),
                    new PushStore.Notification(ALICE.toString(), hall, "$one", 1, "main", false, "[\"notify\"]", 10, true)),
                    push.notifications(ALICE, Long.MAX_VALUE, 10, false));
            assertEquals(List.of("$four", "$two"),
                    push.notifications(BOB, Long.MAX_VALUE, 10, false).stream().map(PushStore.Notification::eventId).toList());

            // Later notifications number their users after those of the migration.
            UserId carol = user("carol");
            push.addNotifications(hall, 5, null, List.of(new PushStore.Notification(carol.toString(), hall, "$five", 0,
                    "main", false, "[\"notify\"]", 50, false)));
            assertEquals(List.of(new PushStore.UnreadCount(hall, "main", 1, 0)), push.unreadCounts(BOB, List.of(hall)));
            assertEquals(List.of(new PushStore.UnreadCount(hall, "main", 1, 0)), push.unreadCounts(carol, List.of(hall)));
        } finally {
            migrated.close();
        }
    }

    @Test
    void eventsStoredBeforeSearchAreSearchableAfterTheMigration() throws Exception {
        DatabaseSettings old = createDatabase();
        DataSource oldSource = DataSources.forSettings(old);
        Migrations.apply(oldSource, old.dialect(), 14); // the schema before 015_search_guests
        try (Connection connection = oldSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO events (stream_position, event_id, room_id, depth, type, sender, origin_server_ts,"
                    + " json, redacted_by, state_group) VALUES"
                    + " (1, '$m', '!r:example.org', 1, 'm.room.message', '@alice:example.org', 0,"
                    + " '{\"content\":{\"body\":\"The martians invade\"}}', NULL, 1),"
                    + " (2, '$gone', '!r:example.org', 2, 'm.room.message', '@alice:example.org', 0,"
                    + " '{\"content\":{}}', '$x', 1),"
                    + " (3, '$t', '!r:example.org', 3, 'm.room.topic', '@alice:example.org', 0,"
                    + " '{\"content\":{\"topic\":\"Martian weather\"}}', NULL, 1)");
        }

        Database migrated = new Database(old);
        try {
            SearchStore search = new SqlSearchStore(migrated);
            SearchStore.Query query = new SearchStore.Query(List.of("martian"), List.of("!r:example.org"),
                    SearchStore.SEARCHABLE_TYPES, false, Long.MAX_VALUE, 0, 10);
            assertEquals(List.of("$t", "$m"), search.search(query).stream().map(h -> h.event().eventId()).toList());
            assertEquals(2, search.count(query));
        } finally {
            migrated.close();
        }
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        Migrations.apply(database.dataSource(), database.dialect());

        assertEquals(Migrations.latest(), count("SELECT COUNT(*) FROM schema_version"));
        assertTrue(accounts.find(ALICE).isPresent());
    }

    @Test
    void newerSchemaIsRefused() throws SQLException {
        int newer = Migrations.latest() + 1;
        sql("INSERT INTO schema_version (version, applied_at) VALUES (" + newer + ", 0)");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Database(settings).close());
            assertEquals("database schema version " + newer + " is newer than this Hearth knows ("
                    + Migrations.latest() + ")", e.getMessage());
        } finally {
            sql("DELETE FROM schema_version WHERE version = " + newer);
        }
    }

    // --- helpers

    /** The tokens of one login or refresh. */
    record Login(UserId userId, String deviceId, byte[] access, byte[] refresh, DeviceStore devices) {
        long refreshId() {
            return devices.findRefreshToken(refresh).orElseThrow().id();
        }

        Long nextId() {
            return devices.findRefreshToken(refresh).orElseThrow().nextId();
        }

        /** Exchanges this login's refresh token for a new pair. */
        Login rotate() {
            Login next = new Login(userId, deviceId, hash(), hash(), devices);
            devices.rotate(devices.findRefreshToken(refresh).orElseThrow(), next.access, NOW + LIFETIME, next.refresh, NOW);
            return next;
        }
    }

    Login login(UserId userId, String deviceId) {
        Login login = new Login(userId, deviceId, hash(), hash(), devices);
        devices.createSession(session(userId, deviceId, login.access, login.refresh));
        return login;
    }

    /** Both tokens of each login still work. */
    void assertValid(Login... logins) {
        for (Login login : logins) {
            assertTrue(devices.findByAccessToken(login.access).isPresent(), "access token of " + login.deviceId);
            assertTrue(devices.findRefreshToken(login.refresh).isPresent(), "refresh token of " + login.deviceId);
        }
    }

    /** Neither token of each login works any more. */
    void assertRevoked(Login... logins) {
        for (Login login : logins) {
            assertTrue(devices.findByAccessToken(login.access).isEmpty(), "access token of " + login.deviceId);
            assertTrue(devices.findRefreshToken(login.refresh).isEmpty(), "refresh token of " + login.deviceId);
        }
    }

    /** The provider's links are exactly these, by {@code all} and by {@code find}. */
    void assertLinks(String provider, Map<String, UserId> expected) {
        assertEquals(expected, externalIds.all(provider));
        expected.forEach((externalId, userId) -> assertEquals(Optional.of(userId), externalIds.find(provider, externalId)));
    }

    /** None of the values shows in the message of the exception or of any of its causes. */
    static void assertNotInMessages(Throwable failure, String... values) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase();
            for (String value : values) {
                assertFalse(message.contains(value.toLowerCase()), message);
            }
        }
    }

    void sql(String statement) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    long count(String query) throws SQLException {
        return count(database.dataSource(), query);
    }

    static long count(DataSource dataSource, String query) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
