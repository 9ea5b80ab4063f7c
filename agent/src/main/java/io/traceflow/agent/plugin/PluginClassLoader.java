package io.traceflow.agent.plugin;

import java.io.IOException;
import java.io.InputStream;

/**
 * The loader for one library's adapter classes ({@code io.traceflow.instrumentation.*}) next to one application
 * class loader. Its parent is the app loader, so adapters use the library's own types (and the library's own
 * Jackson); TraceFlow's core classes come from the isolated agent loader. Nothing is injected into the app loader.
 *
 * <pre>
 *   app class loader (com.openai.*, the app's Jackson)      agent loader (io.traceflow.core.*, our deps)
 *            ▲ parent                                                 ▲ io.traceflow.* (not instrumentation)
 *            └──────────── PluginClassLoader ───────────────────────┘
 *                          defines io.traceflow.instrumentation.* from the agent jar
 * </pre>
 */
public final class PluginClassLoader extends ClassLoader {
    static final String ADAPTER_PREFIX = "io.traceflow.instrumentation.";
    /** What the modules implement: one copy, the agent loader's, like core. */
    static final String API_PREFIX = "io.traceflow.instrumentation.api.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;

    public PluginClassLoader(ClassLoader appLoader, ClassLoader agentLoader) {
        super("traceflow-plugin", appLoader);
        this.agentLoader = agentLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                if (name.startsWith(ADAPTER_PREFIX) && !name.startsWith(API_PREFIX)) {
                    loaded = defineAdapter(name);
                } else if (name.startsWith("io.traceflow.")) {
                    loaded = agentLoader.loadClass(name);
                } else {
                    ClassLoader parent = getParent();
                    loaded = parent != null ? parent.loadClass(name) : Class.forName(name, false, null);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> defineAdapter(String name) throws ClassNotFoundException {
        // The agent loader serves its hidden .classdata entries under the usual ".class" resource name.
        try (InputStream in = agentLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length, PluginClassLoader.class.getProtectionDomain());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
