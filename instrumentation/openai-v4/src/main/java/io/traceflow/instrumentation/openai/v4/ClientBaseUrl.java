package io.traceflow.instrumentation.openai.v4;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.openai.core.ClientOptions;

/** A service's base URL, from its private {@code clientOptions} field (never its headers). */
final class ClientBaseUrl {
    private static final Map<Class<?>, Field> CLIENT_OPTIONS = new ConcurrentHashMap<>();

    private ClientBaseUrl() {
    }

    static String of(Object service) {
        if (service == null) {
            return null;
        }
        try {
            Field field = CLIENT_OPTIONS.computeIfAbsent(service.getClass(), type -> {
                try {
                    Field f = type.getDeclaredField("clientOptions");
                    f.setAccessible(true);
                    return f;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            });
            if (field == null) {
                return null;
            }
            Object options = field.get(service);
            return options instanceof ClientOptions clientOptions ? clientOptions.baseUrl() : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
