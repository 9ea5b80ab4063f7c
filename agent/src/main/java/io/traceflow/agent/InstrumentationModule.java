package io.traceflow.agent;

import java.util.List;

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

    /** Classes that must all be visible in a class loader for its types to be instrumented. */
    List<String> landmarkClasses();

    /**
     * Package prefixes (e.g. {@code com.openai.services.}) that every type the hooks may match starts with. Every
     * hook's type matcher must check this first; the installer also uses it to pass over, by name, the classes
     * already loaded when it starts.
     */
    List<String> typePrefixes();

    List<TypeHook> hooks();

    /**
     * Types to hook and the methods in them.
     *
     * @param handlerClass a {@code CallHandler} with a public constructor taking the instrumented {@code Class},
     *     loaded in the plugin loader of the library's class loader
     */
    record TypeHook(ElementMatcher<TypeDescription> types, ElementMatcher<MethodDescription> methods,
            String handlerClass) {
    }
}
