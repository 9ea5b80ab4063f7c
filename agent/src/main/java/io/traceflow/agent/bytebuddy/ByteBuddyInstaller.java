package io.traceflow.agent.bytebuddy;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.util.List;

import io.traceflow.agent.InstrumentationModule;
import io.traceflow.agent.plugin.HandlerResolver;
import io.traceflow.core.log.AgentLog;
import io.traceflow.core.runtime.TraceFlowRuntime;
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

    public static void install(Instrumentation instrumentation, List<InstrumentationModule> modules,
            HandlerResolver resolver, TraceFlowRuntime runtime) {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(CallAdvice.class.getClassLoader());
        Advice advice = Advice.to(CallAdvice.class, locator);
        Advice wrapping = Advice.to(WrappingCallAdvice.class, locator);
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                // Advice needs no initializer; NoOp keeps Byte Buddy from setting up its Unsafe-based injection
                // (which Java 24+ warns about on stderr).
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new ErrorListener(runtime))
                .ignore(ignored().and(not(namedOneOf(unignored(modules)))));
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

    private static String[] unignored(List<InstrumentationModule> modules) {
        return modules.stream().flatMap(m -> m.unignoredTypes().stream()).toArray(String[]::new);
    }

    private static ElementMatcher.Junction<TypeDescription> ignored() {
        return nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun.")).or(ownClasses())
                .or(nameStartsWith("net.bytebuddy.")).or(nameStartsWith("kotlin.")).or(nameStartsWith("okhttp3."))
                .or(nameStartsWith("okio.")).or(nameStartsWith("com.fasterxml.")).or(nameStartsWith("org.slf4j."))
                .or(nameStartsWith("org.springframework.")).or(nameStartsWith("org.apache."))
                .or(nameStartsWith("org.junit.")).or(nameStartsWith("ch.qos.")).or(isSynthetic());
    }

    /** TraceFlow's own runtime; not "io.traceflow." as a whole, so apps and tests in that namespace are traced. */
    private static ElementMatcher.Junction<TypeDescription> ownClasses() {
        return nameStartsWith("io.traceflow.core.").or(nameStartsWith("io.traceflow.agent."))
                .or(nameStartsWith("io.traceflow.bootstrap.")).or(nameStartsWith("io.traceflow.launcher."))
                .or(nameStartsWith("io.traceflow.instrumentation."));
    }

    /** Transformation failures are the agent's problem, never the app's: count them, log at debug. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        private final TraceFlowRuntime runtime;

        ErrorListener(TraceFlowRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                DynamicType dynamicType) {
            AgentLog.debug("instrumented " + type.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                Throwable throwable) {
            runtime.adviceError(throwable);
            AgentLog.debug("could not instrument " + typeName, throwable);
        }
    }
}
