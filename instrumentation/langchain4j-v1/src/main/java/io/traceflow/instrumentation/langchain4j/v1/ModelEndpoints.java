package io.traceflow.instrumentation.langchain4j.v1;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a LangChain4j model sends its requests, for cache keys. LangChain4j has no uniform accessor, so this
 * looks for a {@code baseUrl} string on the model or on the objects it holds (provider modules keep it on their
 * HTTP client), one level deep, cached per class. The model class is always part of it.
 */
final class ModelEndpoints {
    private static final Map<Class<?>, Field[]> PATHS = new ConcurrentHashMap<>();

    private ModelEndpoints() {
    }

    static String endpoint(Object model) {
        String baseUrl = baseUrl(model);
        return model.getClass().getName() + (baseUrl == null ? "" : " " + baseUrl);
    }

    static String modelName(Object model) {
        Object name = call(model, "modelName");
        return name == null ? null : name.toString();
    }

    static Object call(Object target, String method) {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The base URL the model's provider module keeps, if it keeps one ({@code steps.base_url}); else null. */
    static String baseUrl(Object model) {
        Field[] path = PATHS.computeIfAbsent(model.getClass(), type -> findPath(model));
        try {
            Object value = model;
            for (Field field : path) {
                value = value == null ? null : field.get(value);
            }
            return value instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The fields leading to a String {@code baseUrl}: on the model, or on one of its fields' values. */
    private static Field[] findPath(Object model) {
        Class<?> type = model.getClass();
        Field direct = stringField(type, "baseUrl");
        if (direct != null) {
            return new Field[] {direct};
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field holder : c.getDeclaredFields()) {
                if (holder.getType().isPrimitive() || holder.getType().getName().startsWith("java.")
                        || java.lang.reflect.Modifier.isStatic(holder.getModifiers()) || !accessible(holder)) {
                    continue;
                }
                Object value;
                try {
                    value = holder.get(model);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                Field nested = value == null ? null : stringField(value.getClass(), "baseUrl");
                if (nested != null) {
                    return new Field[] {holder, nested};
                }
            }
        }
        return new Field[0];
    }

    private static Field stringField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (f.getType() == String.class && accessible(f)) {
                    return f;
                }
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        return null;
    }

    private static boolean accessible(Field f) {
        try {
            f.setAccessible(true);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
