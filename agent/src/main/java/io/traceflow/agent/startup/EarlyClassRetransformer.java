package io.traceflow.agent.startup;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.traceflow.core.log.AgentLog;

/**
 * After the gate opens: retransforms the application classes that loaded, untouched, before Byte Buddy's
 * transformer was there ({@link ClassLoadGate#loadedEarly()}) and that may be hooked after all, which can only be
 * through a super type in a hooked package (a subclass of a user's own {@code ChatModel}, a subclass of a
 * {@code traceflow.trace.methods} class). Such a class usually finishes loading only once the gate has released
 * its library super type, a moment after the gate opened; so names not loaded yet are looked for again, for a
 * short while. Runs on the installer thread, after the gate is open: no app thread waits on anything then, so the
 * reflection used here cannot deadlock with a held load.
 */
public final class EarlyClassRetransformer {
    private static final long LOOK_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Instrumentation instrumentation;
    private final List<String> hookedPrefixes;

    /** @param hookedPrefixes binary-name prefixes of every type a hook may match ({@code typePrefixes()}) */
    public EarlyClassRetransformer(Instrumentation instrumentation, List<String> hookedPrefixes) {
        this.instrumentation = instrumentation;
        this.hookedPrefixes = hookedPrefixes;
    }

    /** Works {@code names} off, removing what it has dealt with, for at most {@code maxMillis}. */
    public void retransform(Set<String> names, long maxMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (!names.isEmpty()) {
            List<Class<?>> found = new ArrayList<>();
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (names.contains(type.getName())) {
                    found.add(type);
                }
            }
            for (Class<?> type : found) {
                names.remove(type.getName());
                if (mayBeHooked(type) && instrumentation.isModifiableClass(type)) {
                    retransform(type);
                }
            }
            if (names.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(LOOK_AGAIN_NANOS);
        }
        names.clear();
    }

    private void retransform(Class<?> type) {
        try {
            instrumentation.retransformClasses(type); // Byte Buddy, behind the gate, decides what to change
        } catch (Exception | LinkageError e) {
            AgentLog.debug("could not retransform " + type.getName(), e);
        }
    }

    /** The class or one of its super types lies in a hooked package. Reflection only: nothing is loaded. */
    boolean mayBeHooked(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getSuperclass()) {
            if (isHooked(t.getName()) || anyInterfaceHooked(t)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyInterfaceHooked(Class<?> type) {
        for (Class<?> i : type.getInterfaces()) {
            if (isHooked(i.getName()) || anyInterfaceHooked(i)) {
                return true;
            }
        }
        return false;
    }

    private boolean isHooked(String name) {
        for (String prefix : hookedPrefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
