package org.hearth.http.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A configuration annotation as DS would hand it to a component, from dotted keys: the method
 * {@code room__creation_per__second} reads the key {@code room_creation.per_second} (DS naming:
 * {@code __} an underscore, {@code _} a dot), else its default.
 */
final class TypedConfig {
    private TypedConfig() {
    }

    static <T> T of(Class<T> type, Map<String, Object> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class || method.getName().equals("annotationType")) {
                return method.getName().equals("annotationType") ? type : method.invoke(values, args);
            }
            Object value = values.get(key(method));
            return value == null ? method.getDefaultValue() : convert(value, method);
        });
        return type.cast(proxy);
    }

    private static String key(Method method) {
        return method.getName().replace("__", "\0").replace('_', '.').replace('\0', '_');
    }

    private static Object convert(Object value, Method method) {
        Class<?> want = method.getReturnType();
        if (want == double.class) {
            return ((Number) value).doubleValue();
        }
        if (want == int.class) {
            return ((Number) value).intValue();
        }
        if (want == long.class) {
            return ((Number) value).longValue();
        }
        if (want.isArray() && value instanceof java.util.List<?> list) {
            Object array = Array.newInstance(want.getComponentType(), list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, list.get(i));
            }
            return array;
        }
        return value;
    }
}
