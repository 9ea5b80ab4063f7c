package io.traceflow.instrumentation.methods;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.ArrayList;
import java.util.List;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;
import io.traceflow.instrumentation.api.InstrumentationModule;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code traceflow.trace.methods}: app methods that become trace roots with zero code. {@code Class#method} hooks
 * that method (every overload), {@code Class#*} every public method (but toString, hashCode, equals); subclasses and
 * implementations of the named type are included.
 */
public final class MethodRootInstrumentation implements InstrumentationModule {
    private static final String HANDLER = "io.traceflow.instrumentation.methods.MethodRootHandler";

    private List<String> specs = List.of();

    @Override
    public String name() {
        return "methods";
    }

    @Override
    public String description() {
        return "the app methods named in traceflow.trace.methods, as trace roots";
    }

    /** Installed when {@code traceflow.trace.methods} names methods, whatever {@code traceflow.instrumentations} says. */
    @Override
    public boolean enabled(Config config) {
        specs = List.copyOf(config.get(Settings.TRACE_METHODS));
        return !specs.isEmpty();
    }

    @Override
    public boolean selectable() {
        return false;
    }

    @Override
    public List<String> landmarkClasses() {
        return List.of();
    }

    @Override
    public ElementMatcher<ClassLoader> classLoaders() {
        return any();
    }

    /**
     * The named classes (and, by prefix, their nested classes): when already loaded at install time, and even in
     * namespaces the agent otherwise passes over ({@code org.apache.}…).
     */
    @Override
    public List<String> typePrefixes() {
        return specs.stream().map(spec -> spec.substring(0, spec.indexOf('#'))).toList();
    }

    @Override
    public List<TypeHook> hooks() {
        List<TypeHook> hooks = new ArrayList<>();
        for (String spec : specs) {
            int hash = spec.indexOf('#');
            String type = spec.substring(0, hash);
            String method = spec.substring(hash + 1);
            ElementMatcher.Junction<MethodDescription> methods = not(isAbstract()).and(not(isSynthetic()))
                    .and(not(isConstructor())).and(not(isTypeInitializer()));
            methods = method.equals("*")
                    ? methods.and(isPublic()).and(not(namedOneOf("toString", "hashCode", "equals")))
                    : methods.and(named(method));
            hooks.add(new TypeHook(not(isInterface()).and(named(type).or(hasSuperType(named(type)))), methods, HANDLER));
        }
        return hooks;
    }
}
