package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hearth.api.config.ConfigException;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void readsTheSection() {
        DatabaseSettings settings = DatabaseSettings.of(
                "jdbc:postgresql://db.example.org/hearth", "hearth", "s3cret", 4);
        assertEquals(Dialect.POSTGRES, settings.dialect());
        assertEquals("hearth", settings.user());
        assertEquals("s3cret", settings.password());
        assertEquals(4, settings.poolSize());
    }

    @Test
    void sqliteNeedsOnlyTheUrl() {
        DatabaseSettings settings = DatabaseSettings.of("jdbc:sqlite:/var/lib/hearth/hearth.db", null, null, DatabaseSettings.DEFAULT_POOL_SIZE);
        assertEquals(Dialect.SQLITE, settings.dialect());
        assertEquals(DatabaseSettings.DEFAULT_POOL_SIZE, settings.poolSize());
    }

    @Test
    void missingUrlNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> DatabaseSettings.of(null, null, null, DatabaseSettings.DEFAULT_POOL_SIZE));
        assertTrue(e.getMessage().startsWith("database.url: "), e.getMessage());
    }

    @Test
    void otherDatabasesAreRefusedWithoutRepeatingTheUrl() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DatabaseSettings.of("jdbc:mysql://db/hearth?password=hunter2", null, null, DatabaseSettings.DEFAULT_POOL_SIZE));
        assertTrue(e.getMessage().startsWith("database.url: "), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:mysql:"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void poolSizeMustBePositive() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DatabaseSettings.of("jdbc:sqlite:x.db", null, null, 0));
        assertTrue(e.getMessage().startsWith("database.pool_size: "), e.getMessage());
    }

    @Test
    void textFormHidesThePassword() {
        DatabaseSettings settings = DatabaseSettings.of(
                "jdbc:postgresql://db/hearth?password=hunter2", null, "s3cret", DatabaseSettings.DEFAULT_POOL_SIZE);
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertFalse(settings.toString().contains("hunter2"), settings.toString());
    }
}
