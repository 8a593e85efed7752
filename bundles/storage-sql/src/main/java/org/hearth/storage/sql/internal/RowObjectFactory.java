package org.hearth.storage.sql.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ibatis.reflection.ReflectionException;
import org.apache.ibatis.reflection.factory.DefaultObjectFactory;

/**
 * Creates the objects of result rows through constructors looked up once and made accessible
 * once. MyBatis's own factory looks the constructor up again for every row and calls it before
 * making it accessible: for the package-private records of this bundle each row cost an
 * {@code IllegalAccessException} with its stack trace (a fifth of an empty {@code /sync} of a
 * user in 1,000 rooms, whose memberships are 1,000 rows).
 */
final class RowObjectFactory extends DefaultObjectFactory {
    private record Key(Class<?> type, List<Class<?>> parameters) {}

    private final Map<Key, Constructor<?>> constructors = new ConcurrentHashMap<>();

    @Override
    public <T> T create(Class<T> type, List<Class<?>> constructorArgTypes, List<Object> constructorArgs) {
        Class<?> concrete = resolveInterface(type);
        Key key = new Key(concrete, constructorArgTypes == null ? List.of() : constructorArgTypes);
        Constructor<?> constructor = constructors.get(key);
        if (constructor == null) { // the list is MyBatis's, one per row: copied only into the map's key
            Key kept = new Key(concrete, List.copyOf(key.parameters()));
            constructor = constructors.computeIfAbsent(kept, RowObjectFactory::lookUp);
        }
        try {
            return type.cast(constructor.newInstance(constructorArgs == null ? new Object[0] : constructorArgs.toArray()));
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new ReflectionException("Error instantiating " + concrete.getName() + ": " + e, e);
        }
    }

    private static Constructor<?> lookUp(Key key) {
        try {
            Constructor<?> constructor = key.type().getDeclaredConstructor(key.parameters().toArray(new Class<?>[0]));
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new ReflectionException("No constructor of " + key.type().getName() + " with " + key.parameters(), e);
        }
    }
}
