package io.traceflow.agent.bytebuddy;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.traceflow.instrumentation.api.InstrumentationModule;
import io.traceflow.agent.plugin.HandlerResolver;
import io.traceflow.core.log.AgentLog;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Wires the modules' hooks into one Byte Buddy {@link AgentBuilder}. Start-up cost is kept low by cheap matchers
 * first: whole namespaces that can never match are ignored by name, and a type is only examined in class loaders
 * that hold the library's landmark classes.
 */
public final class ByteBuddyInstaller {
    private ByteBuddyInstaller() {
    }

    /** Byte Buddy's documented switch for its {@code Nexus} (see {@link #disableNexus()}). */
    static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    public static void install(Instrumentation instrumentation, List<InstrumentationModule> modules,
            HandlerResolver resolver, Consumer<Throwable> errors) {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(CallAdvice.class.getClassLoader());
        Advice advice = Advice.to(CallAdvice.class, locator);
        Advice wrapping = Advice.to(WrappingCallAdvice.class, locator);
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                // Advice needs no initializer; NoOp keeps Byte Buddy from setting up its Unsafe-based injection
                // (which Java 24+ warns about on stderr).
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new LoadedInPackages(modules.stream().flatMap(m -> m.typePrefixes().stream()).toList()))
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new ErrorListener(errors))
                .ignore(ignored(modules));
        for (InstrumentationModule module : modules) {
            ElementMatcher<ClassLoader> hasLibrary = module.classLoaders();
            for (InstrumentationModule.TypeHook hook : module.hooks()) {
                builder = builder.type(hook.types(), hasLibrary)
                        .transform((DynamicType.Builder<?> b, TypeDescription type, ClassLoader loader,
                                JavaModule javaModule, java.security.ProtectionDomain domain) -> {
                            resolver.assign(type.getName(), hook.handlerClass());
                            return b.visit((hook.wrapsArguments() ? wrapping : advice).on(hook.methods()));
                        });
            }
        }
        builder.installOn(instrumentation);
    }

    /**
     * Keeps {@code new AgentBuilder.Default()} from its start-up cost. Its constructor creates the default
     * initialization strategy, whose {@code NexusAccessor} probes, once per Byte Buddy copy, how to inject the
     * {@code Nexus} class into the system class loader: that builds reflection dispatchers, defines a helper class
     * with {@code Unsafe} (which Java 24+ warns about on stderr) and loads a few hundred classes: a quarter of the
     * installation, measured. TraceFlow only inlines advice, which has no loaded-type initializers, so it never
     * needs the Nexus (the builder is switched to {@code InitializationStrategy.NoOp}). The probe reads Byte
     * Buddy's documented switch {@value #NEXUS_DISABLED} once, in the static initializer of {@code NexusAccessor}
     * of our own (isolated) copy. Called in premain, before any app code runs, and the property is restored at
     * once: an application's own Byte Buddy, which reads the property when it initializes its own copy of the
     * class, can never see it (the installation itself runs later, beside the app, and sets no property).
     */
    public static void disableNexus() {
        String previous = System.getProperty(NEXUS_DISABLED);
        System.setProperty(NEXUS_DISABLED, "true");
        try {
            Class.forName("net.bytebuddy.dynamic.NexusAccessor", true, ByteBuddyInstaller.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Byte Buddy is incomplete in the agent jar", e);
        } finally {
            if (previous == null) {
                System.clearProperty(NEXUS_DISABLED);
            } else {
                System.setProperty(NEXUS_DISABLED, previous);
            }
        }
    }

    /**
     * Namespaces no hook can match, by name only: the JDK's, TraceFlow's own, libraries apps commonly carry, and what
     * each active module says of its own library ({@code ignoredPrefixes()}: the OpenAI SDK's model classes) — but
     * never a module's {@code typePrefixes()}, which win over all of these (a JDK executor, a Spring AI type under
     * {@code org.springframework.}, an app class named in {@code traceflow.trace.methods}). Byte Buddy describes a
     * class being loaded lazily: its name is known without parsing the class file, while any other property
     * (modifiers, super types) makes it parse the whole file. So this matcher must stay name-only: it runs for every
     * class the JVM loads.
     */
    static ElementMatcher.Junction<TypeDescription> ignored(List<InstrumentationModule> modules) {
        List<String> ignored = new ArrayList<>(COMMON_NAMESPACES);
        List<String> hooked = new ArrayList<>();
        for (InstrumentationModule module : modules) {
            ignored.addAll(module.ignoredPrefixes());
            hooked.addAll(module.typePrefixes());
        }
        ElementMatcher.Junction<TypeDescription> matcher = startsWithAny(ignored).or(ownClasses());
        return hooked.isEmpty() ? matcher : matcher.and(not(startsWithAny(hooked)));
    }

    /** Namespaces of the JDK and of libraries that apps carry and no module of TraceFlow hooks by default. */
    static final List<String> COMMON_NAMESPACES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "net.bytebuddy.", "kotlin.", "okhttp3.", "okio.", "com.fasterxml.", "org.slf4j.", "org.springframework.",
            "org.apache.", "org.junit.", "ch.qos.", "org.jetbrains.", "io.netty.", "reactor.", "io.micrometer.",
            "com.google.common.", "com.google.protobuf.", "io.grpc.", "org.hibernate.", "org.yaml.",
            "org.eclipse.jetty.", "io.undertow.", "io.opentelemetry.", "org.reactivestreams.");

    private static ElementMatcher.Junction<TypeDescription> startsWithAny(List<String> prefixes) {
        ElementMatcher.Junction<TypeDescription> matcher = none();
        for (String prefix : prefixes) {
            matcher = matcher.or(nameStartsWith(prefix));
        }
        return matcher;
    }

    /**
     * Which already loaded classes Byte Buddy examines for retransformation when it installs: only those in the
     * modules' packages, picked by name. Its default looks at every loaded class (about two thousand at premain:
     * the JDK's, Byte Buddy's, ours) with every matcher, interpreted, for nothing: at premain no library class is
     * loaded yet, and no class outside those packages can match a hook. Resolved when Byte Buddy applies it, after
     * its transformer is registered, as the default is, so a class loaded meanwhile (late attach) is not missed.
     */
    private static final class LoadedInPackages implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
        private final List<String> prefixes;

        LoadedInPackages(List<String> prefixes) {
            this.prefixes = prefixes;
        }

        @Override
        public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
            List<Class<?>> candidates = new ArrayList<>();
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                String name = type.getName();
                for (String prefix : prefixes) {
                    if (name.startsWith(prefix)) {
                        candidates.add(type);
                        break;
                    }
                }
            }
            return List.of(candidates);
        }
    }

    /** TraceFlow's own runtime; not "io.traceflow." as a whole, so apps and tests in that namespace are traced. */
    private static ElementMatcher.Junction<TypeDescription> ownClasses() {
        return nameStartsWith("io.traceflow.core.").or(nameStartsWith("io.traceflow.agent."))
                .or(nameStartsWith("io.traceflow.bootstrap.")).or(nameStartsWith("io.traceflow.launcher."))
                .or(nameStartsWith("io.traceflow.instrumentation.")).or(nameStartsWith("io.traceflow.eval."))
                .or(nameStartsWith("io.traceflow.viewer.")).or(nameStartsWith("io.traceflow.cli."));
    }

    /** Transformation failures are the agent's problem, never the app's: count them, log at debug. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        private final Consumer<Throwable> errors;

        ErrorListener(Consumer<Throwable> errors) {
            this.errors = errors;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                DynamicType dynamicType) {
            AgentLog.debug("instrumented " + type.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                Throwable throwable) {
            errors.accept(throwable);
            AgentLog.debug("could not instrument " + typeName, throwable);
        }
    }
}
