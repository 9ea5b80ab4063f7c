package io.traceflow.instrumentation.api;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches class loaders that can see all of the named classes, by looking their class files up as resources
 * (no class is loaded or initialized). The answer is cached per loader, held weakly.
 *
 * <p>The first class names the library; when it is there but a later one is not, the library is present in a
 * version this instrumentation does not support: it is skipped, with one log line saying so.
 */
public final class HasClasses extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
    private final String library;
    private final List<String> resourceNames;
    private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();

    public HasClasses(String library, List<String> classNames) {
        this.library = library;
        this.resourceNames = classNames.stream().map(n -> n.replace('.', '/') + ".class").toList();
    }

    @Override
    public boolean matches(ClassLoader loader) {
        if (loader == null) {
            return false; // no client library lives in the bootstrap loader
        }
        synchronized (cache) {
            return cache.computeIfAbsent(loader, this::lookUp);
        }
    }

    private boolean lookUp(ClassLoader loader) {
        for (int i = 0; i < resourceNames.size(); i++) {
            if (loader.getResource(resourceNames.get(i)) == null) {
                if (i > 0 && reported.compareAndSet(false, true)) {
                    io.traceflow.core.log.AgentLog.warn(library + " is on the class path in a version TraceFlow does"
                            + " not support (no " + resourceNames.get(i).replace('/', '.').replace(".class", "")
                            + "); its calls are not traced.");
                }
                return false;
            }
        }
        return true;
    }
}
