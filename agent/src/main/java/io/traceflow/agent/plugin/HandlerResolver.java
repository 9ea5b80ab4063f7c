package io.traceflow.agent.plugin;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.core.log.AgentLog;

/**
 * Finds the {@link CallHandler} of an instrumented type: which handler class the transformation assigned to the
 * type, instantiated in the plugin loader of the type's class loader (one plugin loader per app loader, held
 * weakly so web-app redeploys can unload). Called once per type; Hooks caches the answer.
 */
public final class HandlerResolver implements Function<Class<?>, CallHandler> {
    private final ClassLoader agentLoader;
    private final Map<String, String> handlerByType = new ConcurrentHashMap<>();
    private final Map<ClassLoader, PluginClassLoader> plugins = new WeakHashMap<>();
    private final Map<String, Boolean> reportedFailures = new ConcurrentHashMap<>();

    public HandlerResolver(ClassLoader agentLoader) {
        this.agentLoader = agentLoader;
    }

    /** Remembers, at transformation time, which handler serves a type. */
    public void assign(String typeName, String handlerClass) {
        handlerByType.put(typeName, handlerClass);
    }

    @Override
    public CallHandler apply(Class<?> type) {
        String handlerClass = handlerByType.get(type.getName());
        if (handlerClass == null) {
            return null;
        }
        try {
            Class<?> handler = Class.forName(handlerClass, true, pluginLoaderFor(type.getClassLoader()));
            return (CallHandler) handler.getConstructor(Class.class).newInstance(type);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // A library version whose types differ from what the adapter was compiled against.
            if (reportedFailures.putIfAbsent(handlerClass, Boolean.TRUE) == null) {
                AgentLog.warn("not tracing " + type.getName() + ": this library version is not supported ("
                        + e + ")");
            }
            return null;
        }
    }

    private synchronized PluginClassLoader pluginLoaderFor(ClassLoader appLoader) {
        return plugins.computeIfAbsent(appLoader, loader -> new PluginClassLoader(loader, agentLoader));
    }
}
