package org.hearth.storage.sql.internal;

import org.apache.ibatis.session.SqlSession;
import org.hearth.api.id.UserId;

/** Records a device-list change inside the transaction of the write that causes it. */
final class DeviceListChanges {
    private DeviceListChanges() {
    }

    /** A change everyone who shares a room with the user sees. */
    static void toEveryone(SqlSession transaction, UserId userId) {
        record(transaction, userId, DeviceListMapper.EVERYONE);
    }

    /** A change only {@code audience} sees. */
    static void toOne(SqlSession transaction, UserId userId, UserId audience) {
        record(transaction, userId, audience.toString());
    }

    private static void record(SqlSession transaction, UserId userId, String audience) {
        // Last: the stream row stays locked until commit, which should come soon.
        long position = transaction.getMapper(E2eStreamMapper.class).next(E2eStreamMapper.DEVICE_LISTS);
        transaction.getMapper(DeviceListMapper.class).record(userId, audience, position);
    }
}
