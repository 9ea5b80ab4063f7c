package io.traceflow.bootstrap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one class inlined advice calls: from any class loader, since it lives in the bootstrap loader. It finds the
 * {@link CallHandler} for the instrumented type (once per type, cached in a {@link ClassValue}) and never lets an
 * exception reach the application: every failure is counted in {@link #errorCount()} and swallowed.
 */
public final class Hooks {
    private static final CallHandler NOT_TRACED = (method, self, args) -> null;
    private static final AtomicLong ERRORS = new AtomicLong();
    private static volatile Function<Class<?>, CallHandler> resolver;
    private static volatile Thread.UncaughtExceptionHandler errorListener;

    private static final ClassValue<CallHandler> HANDLERS = new ClassValue<>() {
        @Override
        protected CallHandler computeValue(Class<?> type) {
            Function<Class<?>, CallHandler> r = resolver;
            CallHandler handler = null;
            if (r != null) {
                try {
                    handler = r.apply(type);
                } catch (Throwable t) {
                    error(t);
                }
            }
            return handler != null ? handler : NOT_TRACED;
        }
    };

    private Hooks() {
    }

    /** Called once by the agent, before any type is instrumented. */
    public static void install(Function<Class<?>, CallHandler> handlerResolver,
            Thread.UncaughtExceptionHandler onError) {
        errorListener = onError;
        resolver = handlerResolver;
    }

    /** Enter hook of every instrumented method; returns the scope to pass to {@link #exit}, or null. */
    public static CallScope enter(Class<?> type, String method, Object self, Object[] args) {
        try {
            return HANDLERS.get(type).enter(method, self, args);
        } catch (Throwable t) {
            error(t);
            return null;
        }
    }

    /** Exit hook: returns what the method should return (the original value unless the scope wraps it). */
    public static Object exit(CallScope scope, Object returned, Throwable thrown) {
        if (scope == null) {
            return returned;
        }
        try {
            return scope.exit(returned, thrown);
        } catch (Throwable t) {
            error(t);
            return returned;
        }
    }

    /** Exit hook, after {@link #exit}: the exception the call ends with (normally {@code thrown} itself). */
    public static Throwable thrown(CallScope scope, Throwable thrown) {
        if (scope == null) {
            return thrown;
        }
        try {
            return scope.thrown(thrown);
        } catch (Throwable t) {
            error(t);
            return thrown;
        }
    }

    /** For argument-wrapping hooks: the arguments to run the method with (the originals unless replaced). */
    public static Object[] arguments(CallScope scope, Object[] arguments) {
        if (scope == null) {
            return null;
        }
        try {
            return scope.replaceArguments(arguments);
        } catch (Throwable t) {
            error(t);
            return null;
        }
    }

    /** Records an error swallowed on the app's behalf; the count is stored with the agent run. */
    public static void error(Throwable t) {
        ERRORS.incrementAndGet();
        Thread.UncaughtExceptionHandler listener = errorListener;
        if (listener != null) {
            try {
                listener.uncaughtException(Thread.currentThread(), t);
            } catch (Throwable ignored) {
                // the count above is what matters
            }
        }
    }

    public static long errorCount() {
        return ERRORS.get();
    }
}
