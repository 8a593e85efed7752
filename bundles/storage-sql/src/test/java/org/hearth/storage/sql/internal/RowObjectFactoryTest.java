package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.reflection.ReflectionException;
import org.junit.jupiter.api.Test;

class RowObjectFactoryTest {
    /** Package-private, as the mappers' row records are. */
    private record Row(String roomId, long position) {}

    private final RowObjectFactory factory = new RowObjectFactory();

    @Test
    void createsPackagePrivateRecordsRowAfterRow() {
        for (int i = 0; i < 3; i++) {
            Row row = factory.create(Row.class, List.of(String.class, long.class), List.of("!a:x", (long) i));
            assertEquals(new Row("!a:x", i), row);
        }
    }

    @Test
    void createsTheUsualImplementationOfACollectionType() {
        assertInstanceOf(ArrayList.class, factory.create(List.class));
        assertInstanceOf(Map.class, factory.create(Map.class));
    }

    @Test
    void namesTheTypeWhenNoConstructorFits() {
        ReflectionException e = assertThrows(ReflectionException.class,
                () -> factory.create(Row.class, List.of(String.class), List.of("!a:x")));
        assertTrue(e.getMessage().contains(Row.class.getName()), e.getMessage());
    }
}
