package org.hearth.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ReceiptStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore.AccountData;
import org.hearth.core.internal.e2ee.EncryptionSync;
import org.hearth.core.internal.paging.SyncToken;
import org.hearth.core.internal.receipts.UnreadCounts;

/**
 * What one {@code /sync} answers (Client-Server API, "Syncing"), before it is written as JSON:
 * the rooms by the user's membership, global account data, the presence contents that changed
 * (by user), the encryption parts and the token
 * of the next sync. Maps keep the order the rooms were looked at.
 */
public record SyncResponse(Map<RoomId, JoinedRoom> join, Map<RoomId, JoinedRoom> peek, Map<RoomId, StrippedRoom> invite,
                           Map<RoomId, StrippedRoom> knock, Map<RoomId, LeftRoom> leave,
                           List<AccountData> accountData, Map<UserId, JsonNode> presence,
                           EncryptionSync.Section encryption, SyncToken nextBatch) {

    /**
     * A room's timeline: its events oldest first, the transaction IDs of those the requesting
     * device sent (event ID to transaction ID), whether events before it were left out, and the
     * stream position to paginate back from.
     */
    public record Timeline(List<StoredEvent> events, Map<String, String> transactionIds, boolean limited,
                           long prevBatch) {}

    /** {@code m.heroes} (null when not sent) and the member counts of a room's summary. */
    public record Summary(List<UserId> heroes, int joinedMembers, int invitedMembers) {}

    /**
     * A room the user is in.
     *
     * @param typing the users typing, or null when that did not change since the token
     * @param receipts the receipts to show (changed since the token), empty when none
     * @param summary null when the room's summary is not sent
     */
    public record JoinedRoom(Timeline timeline, List<StoredEvent> state, List<UserId> typing,
                             List<ReceiptStore.Receipt> receipts, List<AccountData> accountData,
                             UnreadCounts unread, Summary summary) {}

    /** A room the user left (or was banned or kicked from): what happened up to the leaving. */
    public record LeftRoom(Timeline timeline, List<StoredEvent> state) {}

    /** An invite or a knock: the room's stripped state, the user's member event last. */
    public record StrippedRoom(List<StoredEvent> state) {}
}
