package io.traceflow.instrumentation.api;

import java.util.List;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One client library at one version line (or one JDK mechanism): the name users switch it with
 * ({@code traceflow.instrumentations}), the landmark classes that say the library is present in a class loader, and
 * the methods to hook. The agent finds implementations with {@link java.util.ServiceLoader} (list yours in
 * {@code META-INF/services/io.traceflow.instrumentation.api.InstrumentationModule}; docs/adding-a-library.md).
 *
 * <p>Implementations name library types only as strings: they are loaded by the agent's loader, which cannot see the
 * library. They need a public no-argument constructor, and must be cheap to create: they are created in premain.
 */
public interface InstrumentationModule {
    /** As in {@code traceflow.instrumentations}, e.g. {@code openai}. */
    String name();

    /** One line for the docs and the start-up log: what it records, e.g. {@code the OpenAI Java SDK 4.x}. */
    String description();

    /**
     * Whether to install it under this configuration: by default when {@code traceflow.instrumentations} selects
     * it ({@code all}, or its name). A module switched on by a setting of its own overrides this (and
     * {@link #selectable()}).
     */
    default boolean enabled(Config config) {
        List<String> chosen = config.get(Settings.INSTRUMENTATIONS);
        return chosen.contains(Settings.ALL_INSTRUMENTATIONS) || chosen.contains(name());
    }

    /** Whether {@code traceflow.instrumentations} names it (false for one enabled by a setting of its own). */
    default boolean selectable() {
        return true;
    }

    /**
     * Classes that must all be visible in a class loader for its types to be instrumented. The first one says the
     * library is there at all; when it is but a later one is missing, the version is unsupported (logged once).
     */
    List<String> landmarkClasses();

    /**
     * Binary-name prefixes (e.g. {@code com.openai.services.}, or a JDK class's exact name) that every type the hooks
     * may match starts with. Every hook's type matcher must check this first. Classes in them are never passed over
     * by name, whatever {@link #ignoredPrefixes()} of any module says; loaded before the installation is done, an
     * application's class in them waits for it (docs/architecture.md, "Start-up"), and classes already loaded in them
     * are examined for retransformation.
     */
    List<String> typePrefixes();

    /**
     * Namespaces of the library that no hook can match (its model classes, say), passed over by name at every class
     * load, which costs nothing: anything else makes Byte Buddy parse the class file.
     */
    default List<String> ignoredPrefixes() {
        return List.of();
    }

    List<TypeHook> hooks();

    /** The class loaders whose types are examined; by default those that see all landmark classes. */
    default ElementMatcher<ClassLoader> classLoaders() {
        return new HasClasses(name(), landmarkClasses());
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
