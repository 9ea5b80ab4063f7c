package io.traceflow.instrumentation.langchain4j.v1;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies a LangChain4j value object that has a builder ({@code ChatResponseMetadata} and the provider modules'
 * subclasses, such as {@code OpenAiChatResponseMetadata} with its {@code OpenAiTokenUsage}) into plain JDK values, and
 * builds an equal object back, of the same class, through its static {@code builder()}. That is how a cache hit
 * returns the provider's own metadata types (an app may cast {@code response.metadata()}) without TraceFlow knowing
 * any provider module: every property that has both an accessor and a builder method of the same name is kept, when
 * its value is text, a number, a boolean, an enum, or itself such an object. What cannot be kept that way (raw HTTP
 * responses, log probabilities) is left out, as a replayed answer has no HTTP exchange.
 *
 * <p>The snapshot: {@code {"class": "…", "properties": {"name": value | snapshot}}}.
 */
final class BeanSnapshot {
    private static final String TOKEN_USAGE = "dev.langchain4j.model.output.TokenUsage";

    private BeanSnapshot() {
    }

    /** The snapshot of {@code bean}, or null when it has no builder (and is not a plain {@code TokenUsage}). */
    static Map<String, Object> of(Object bean) {
        if (bean == null) {
            return null;
        }
        Class<?> type = bean.getClass();
        Map<String, Object> properties = new LinkedHashMap<>();
        if (type.getName().equals(TOKEN_USAGE)) {
            for (String name : new String[] {"inputTokenCount", "outputTokenCount", "totalTokenCount"}) {
                put(properties, name, value(call(bean, name)));
            }
        } else {
            Class<?> builder = builderType(type);
            if (builder == null) {
                return null;
            }
            for (Method accessor : type.getMethods()) {
                if (accessor.getParameterCount() != 0 || Modifier.isStatic(accessor.getModifiers())
                        || accessor.getDeclaringClass() == Object.class || accessor.getName().startsWith("raw")
                        || !hasSetter(builder, accessor.getName())) {
                    continue;
                }
                put(properties, accessor.getName(), value(call(bean, accessor.getName())));
            }
        }
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("class", type.getName());
        snapshot.put("properties", properties);
        return snapshot;
    }

    /**
     * Builds the object a snapshot describes, with classes from {@code loader}. The class is named by the cache file,
     * which people share and import: it is looked up without being initialized, and built only when it is a
     * {@code expected} (a LangChain4j metadata or token usage type), so a file can never make TraceFlow run some
     * other class's code.
     */
    @SuppressWarnings("unchecked")
    static Object build(Map<String, Object> snapshot, ClassLoader loader, Class<?> expected)
            throws ReflectiveOperationException {
        Class<?> type = Class.forName((String) snapshot.get("class"), false, loader);
        if (!expected.isAssignableFrom(type)) {
            throw new ClassCastException(type.getName() + " is not a " + expected.getName());
        }
        Map<String, Object> properties = (Map<String, Object>) snapshot.getOrDefault("properties", Map.of());
        if (type.getName().equals(TOKEN_USAGE)) {
            return type.getConstructor(Integer.class, Integer.class, Integer.class).newInstance(
                    toInteger(properties.get("inputTokenCount")), toInteger(properties.get("outputTokenCount")),
                    toInteger(properties.get("totalTokenCount")));
        }
        Object builder = type.getMethod("builder").invoke(null);
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            Method setter = setter(builder.getClass(), property.getKey());
            if (setter != null) {
                setter.invoke(builder, convert(property.getValue(), setter.getParameterTypes()[0], loader));
            }
        }
        return builder.getClass().getMethod("build").invoke(builder);
    }

    private static Object value(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return of(value); // an object with a builder, or nothing
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object value, Class<?> target, ClassLoader loader)
            throws ReflectiveOperationException {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> nested) {
            return build((Map<String, Object>) nested, loader, target);
        }
        if (target.isEnum()) {
            return Enum.valueOf((Class<Enum>) target, (String) value);
        }
        if (value instanceof Number n) {
            if (target == Integer.class || target == int.class) {
                return n.intValue();
            }
            if (target == Long.class || target == long.class) {
                return n.longValue();
            }
            if (target == Double.class || target == double.class) {
                return n.doubleValue();
            }
        }
        return value;
    }

    private static Integer toInteger(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    private static Class<?> builderType(Class<?> type) {
        try {
            Method builder = type.getMethod("builder");
            return Modifier.isStatic(builder.getModifiers()) ? builder.getReturnType() : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean hasSetter(Class<?> builder, String name) {
        return setter(builder, name) != null;
    }

    private static Method setter(Class<?> builder, String name) {
        Method found = null;
        for (Method m : builder.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers())) {
                Class<?> p = m.getParameterTypes()[0];
                boolean keepable = p == String.class || p.isEnum() || Number.class.isAssignableFrom(p)
                        || p.isPrimitive() || p == Boolean.class || builderType(p) != null
                        || p.getName().equals(TOKEN_USAGE);
                if (keepable && (found == null || found.isBridge())) {
                    found = m;
                }
            }
        }
        return found;
    }

    private static Object call(Object target, String name) {
        try {
            return target.getClass().getMethod(name).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
