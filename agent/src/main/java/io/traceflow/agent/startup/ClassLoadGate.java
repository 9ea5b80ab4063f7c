package io.traceflow.agent.startup;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.traceflow.core.log.AgentLog;

/**
 * The first transformer registered in premain, so that the agent can be installed on a background thread without
 * missing a call. Until the installer {@linkplain #open() opens} it:
 * <ul>
 *   <li>a class of a hooked library (a name under one of the held prefixes, in an application class loader) waits
 *       at its load for the instrumentation to be ready, then goes through it: no library method can run
 *       uninstrumented, and nothing on the app's path to {@code main} waits for Byte Buddy;</li>
 *   <li>every other class loads as it is, at once. The few of those that hooks match (the JDK's executors) are
 *       retransformed by the installer when it is done.</li>
 * </ul>
 * Once the real transformer is {@linkplain #delegateTo(ClassFileTransformer) handed over}, every class goes through
 * it, the held ones only after {@link #open()}, when the runtime that records their calls has started too.
 *
 * <p>A load never waits longer than {@code maxWait}: should the installation hang, the app goes on untraced (one
 * warning) rather than stuck, and no later class waits. The installing thread itself never waits, so it cannot deadlock on the gate.
 */
public final class ClassLoadGate implements ClassFileTransformer {
    private final String[] heldPrefixes;
    private final long maxWaitNanos;
    private final CountDownLatch opened = new CountDownLatch(1);
    private final AtomicBoolean timeoutReported = new AtomicBoolean();
    private volatile ClassFileTransformer delegate;
    private volatile boolean open;
    private volatile Thread installer;

    /**
     * @param heldPackages binary-name prefixes ({@code com.openai.services.}) of the classes that wait
     * @param maxWaitMillis the longest a class load waits for the installation
     */
    public ClassLoadGate(List<String> heldPackages, long maxWaitMillis) {
        this.heldPrefixes = new String[heldPackages.size()];
        for (int i = 0; i < heldPrefixes.length; i++) {
            heldPrefixes[i] = heldPackages.get(i).replace('.', '/'); // the JVM names classes internally
        }
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    }

    /** The thread that installs: it must never wait on the gate it is about to open. */
    public void installingOn(Thread thread) {
        installer = thread;
    }

    /** From now on every class goes through {@code transformer} (held ones once the gate is open). */
    public void delegateTo(ClassFileTransformer transformer) {
        delegate = transformer;
    }

    /** Withdraws {@code transformer} if it is the delegate; true when it was. */
    public boolean withdraw(ClassFileTransformer transformer) {
        if (delegate != transformer) {
            return false;
        }
        delegate = null;
        return true;
    }

    /** Lets the held classes load, through the delegate if there is one. Called once, also after a failure. */
    public void open() {
        open = true;
        opened.countDown();
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (classBeingRedefined == null && !open && isHeld(loader, className)) {
            awaitOpen(className);
        }
        ClassFileTransformer target = delegate;
        return target == null ? null
                : target.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (classBeingRedefined == null && !open && isHeld(loader, className)) {
            awaitOpen(className);
        }
        ClassFileTransformer target = delegate;
        return target == null ? null
                : target.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    /**
     * Libraries live in application class loaders; the bootstrap loader's classes (the JDK's) never wait, since the
     * installer needs them itself.
     */
    private boolean isHeld(ClassLoader loader, String className) {
        if (loader == null || className == null || Thread.currentThread() == installer) {
            return false;
        }
        for (String prefix : heldPrefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void awaitOpen(String className) {
        long start = System.nanoTime();
        boolean inTime;
        try {
            inTime = opened.await(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the app's interrupt: keep it, load the class now
            return;
        }
        if (inTime) {
            AgentLog.debug(className.replace('/', '.') + " waited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - start) + " ms for the instrumentation");
        }
        if (!inTime && timeoutReported.compareAndSet(false, true)) {
            open = true; // no other class waits for an installation that is this late
            AgentLog.warn("the instrumentation was not ready after " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos)
                    + " ms; " + className.replace('/', '.') + " and the library classes loaded after it go on without"
                    + " waiting: their calls may not be traced");
        }
    }
}
