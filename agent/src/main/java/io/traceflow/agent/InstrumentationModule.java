package io.traceflow.agent;

import java.util.List;

import io.traceflow.agent.bytebuddy.HasClasses;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One client library at one version line: the name users switch it with ({@code traceflow.instrumentations}),
 * the landmark classes that say the library is present in a class loader, and the methods to hook.
 * Implementations name library types only as strings: they are loaded by the agent loader, which cannot see the
 * library.
 */
public interface InstrumentationModule {
    /** As in {@code traceflow.instrumentations}, e.g. {@code openai}. */
    String name();

    /**
     * Classes that must all be visible in a class loader for its types to be instrumented. The first one says the
     * library is there at all; when it is but a later one is missing, the version is unsupported (logged once).
     */
    List<String> landmarkClasses();

    /**
     * Package prefixes (e.g. {@code com.openai.services.}) that every type the hooks may match starts with. Every
     * hook's type matcher must check this first; the installer also uses it to pass over, by name, the classes
     * already loaded when it starts.
     */
    List<String> typePrefixes();

    List<TypeHook> hooks();

    /** The class loaders whose types are examined; by default those that see all landmark classes. */
    default ElementMatcher<ClassLoader> classLoaders() {
        return new HasClasses(name(), landmarkClasses());
    }

    /** Type names the agent must instrument although they lie in namespaces it otherwise ignores (the JDK). */
    default List<String> unignoredTypes() {
        return List.of();
    }

    /**
     * Types to hook and the methods in them.
     *
     * @param handlerClass a {@code CallHandler} with a public constructor taking the instrumented {@code Class},
     *     loaded in the plugin loader of the library's class loader
     * @param wrapsArguments true when the handler may replace arguments (costlier advice)
     */
    record TypeHook(ElementMatcher<TypeDescription> types, ElementMatcher<MethodDescription> methods,
            String handlerClass, boolean wrapsArguments) {
        public TypeHook(ElementMatcher<TypeDescription> types, ElementMatcher<MethodDescription> methods,
                String handlerClass) {
            this(types, methods, handlerClass, false);
        }
    }
}
