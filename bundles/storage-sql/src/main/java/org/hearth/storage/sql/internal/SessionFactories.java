package org.hearth.storage.sql.internal;

import java.util.Properties;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.hearth.api.id.UserId;

/** The MyBatis set-up: one mapper set for both databases, the dialect's statements picked by databaseId. */
final class SessionFactories {
    private SessionFactories() {
    }

    /**
     * The mappers read for the dialect, with no database yet: reading them needs none, so they are
     * read while the pool opens (see {@link Database}).
     */
    static Configuration mappers(Dialect dialect) {
        Configuration configuration = new Configuration();
        configuration.setDatabaseId(dialect.databaseId());
        // Every call reads the database, also a read after a write in the same transaction.
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        configuration.setCacheEnabled(false);
        configuration.setObjectFactory(new RowObjectFactory());
        configuration.addInterceptor(new DeferredRowsFirst());
        configuration.getTypeHandlerRegistry().register(UserId.class, new UserIdTypeHandler());
        configuration.getTypeHandlerRegistry().register(String.class, new TextTypeHandler());
        configuration.getTypeHandlerRegistry().register(IdList.class, new IdListTypeHandler(dialect));
        Properties variables = new Properties(); // put into the statements as they are read, once
        variables.setProperty("id_list_in", dialect.idListIn());
        variables.setProperty("id_list_end", dialect.idListEnd());
        variables.setProperty("text_position", dialect.textPosition());
        configuration.setVariables(variables);
        // Registered one by one: package scanning does not see inside a bundle.
        configuration.addMapper(AccountMapper.class);
        configuration.addMapper(DeviceMapper.class);
        configuration.addMapper(ExternalIdMapper.class);
        configuration.addMapper(StreamMapper.class);
        configuration.addMapper(EventMapper.class);
        configuration.addMapper(StateMapper.class);
        configuration.addMapper(RoomStateMapper.class);
        configuration.addMapper(RoomMapper.class);
        configuration.addMapper(UserDataMapper.class);
        configuration.addMapper(StreamCursorMapper.class);
        configuration.addMapper(E2eStreamMapper.class);
        configuration.addMapper(DeviceListMapper.class);
        configuration.addMapper(DeviceKeyMapper.class);
        configuration.addMapper(OneTimeKeyMapper.class);
        configuration.addMapper(CrossSigningMapper.class);
        configuration.addMapper(ToDeviceMapper.class);
        configuration.addMapper(KeyBackupMapper.class);
        configuration.addMapper(ReceiptMapper.class);
        configuration.addMapper(PushMapper.class);
        configuration.addMapper(ProfileMapper.class);
        configuration.addMapper(UserDirectoryMapper.class);
        configuration.addMapper(SlidingSyncMapper.class);
        configuration.addMapper(RelationMapper.class);
        configuration.addMapper(RemoteDeviceListMapper.class);
        configuration.addMapper(SearchMapper.class);
        configuration.addMapper(PartialStateMapper.class);
        return configuration;
    }

    /** Sessions of the mappers over the pool. */
    static SqlSessionFactory over(Configuration mappers, DataSource dataSource) {
        mappers.setEnvironment(new Environment(mappers.getDatabaseId(), new JdbcTransactionFactory(), dataSource));
        return new SqlSessionFactoryBuilder().build(mappers);
    }
}
