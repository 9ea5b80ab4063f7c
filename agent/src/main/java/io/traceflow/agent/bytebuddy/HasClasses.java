package io.traceflow.agent.bytebuddy;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import net.bytebuddy.matcher.ElementMatcher;

/**
 * Matches class loaders that can see all of the named classes, by looking their class files up as resources
 * (no class is loaded or initialized). The answer is cached per loader, held weakly.
 */
public final class HasClasses extends ElementMatcher.Junction.AbstractBase<ClassLoader> {
    private final List<String> resourceNames;
    private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();

    public HasClasses(List<String> classNames) {
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
        for (String name : resourceNames) {
            if (loader.getResource(name) == null) {
                return false;
            }
        }
        return true;
    }
}
