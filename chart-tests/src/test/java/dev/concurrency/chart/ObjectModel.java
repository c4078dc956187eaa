package dev.concurrency.chart;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields the Kubernetes object model does not know. fabric8's classes keep whatever they do not
 * recognise in an additionalProperties map instead of failing, so a misspelt or misplaced field
 * (readinesProbe, securityContext one level too high) would pass a plain parse: this walks the whole
 * object graph and reports every non-empty additionalProperties with its path.
 */
final class ObjectModel {

    private ObjectModel() {
    }

    static List<String> unknownFields(Object object, String path) {
        List<String> found = new ArrayList<>();
        walk(object, path, found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, found));
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return; // strings, numbers, booleans: leaves
        }
        for (Method getter : type.getMethods()) {
            if (Modifier.isStatic(getter.getModifiers()) || getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                walk(child, path + "." + field, found);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
