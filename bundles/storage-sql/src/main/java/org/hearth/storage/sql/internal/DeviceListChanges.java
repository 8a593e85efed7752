package org.hearth.storage.sql.internal;

import org.apache.ibatis.session.SqlSession;
import org.hearth.api.id.UserId;

/** Records a device-list change inside the transaction of the write that causes it. */
final class DeviceListChanges {
    private DeviceListChanges() {
    }

    /** A change everyone who shares a room with the user sees. */
    static void toEveryone(Database database, SqlSession transaction, UserId userId) {
        record(database, transaction, userId, DeviceListMapper.EVERYONE);
    }

    /** A change only {@code audience} sees. */
    static void toOne(Database database, SqlSession transaction, UserId userId, UserId audience) {
        record(database, transaction, userId, audience.toString());
    }

    private static void record(Database database, SqlSession transaction, UserId userId, String audience) {
        // Last: the stream row stays locked until commit, which should come soon.
        long position = database.nextE2ePosition(transaction, E2eStreamMapper.DEVICE_LISTS);
        transaction.getMapper(DeviceListMapper.class).record(userId, audience, position);
    }
}
