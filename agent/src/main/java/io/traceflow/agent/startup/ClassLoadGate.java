package io.traceflow.agent.startup;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.traceflow.core.log.AgentLog;

/**
 * The first transformer registered in premain, so that the agent can be installed on a background thread without
 * missing a call. Until the installer {@linkplain #open() opens} it, for classes of application class loaders:
 * <ul>
 *   <li>a class of a hooked library (a name under one of the held prefixes), or one that directly extends or
 *       implements such a class (a user's own {@code ChatModel}), waits at its load for the instrumentation to be
 *       ready, then goes through it: nothing on the app's path to {@code main} waits for Byte Buddy, and no
 *       library method runs uninstrumented;</li>
 *   <li>every other class loads at once, as it is; the names of those loaded before Byte Buddy's transformer is
 *       there are {@linkplain #loadedEarly() kept}, so that the installer can retransform the few that turn out
 *       to be hooked (a subclass of a subclass of a library type, a subclass of a {@code traceflow.trace.methods}
 *       class). The JDK's classes never wait (the installer needs them itself); the executors a hook matches are
 *       retransformed by the installation.</li>
 * </ul>
 * Once the real transformer is {@linkplain #delegateTo(ClassFileTransformer) handed over}, every class goes through
 * it, the held ones only after {@link #open()}, when the runtime that records their calls has started too.
 *
 * <p>Loads wait together until one deadline ({@code maxWait} after the gate was created): should the installation
 * hang, the app goes on untraced (one warning) rather than stuck, and no later class waits. A waiting load ignores
 * interrupts (the JVM would not abort a class load for one either) and restores the flag afterwards. The installing
 * thread itself never waits, so it cannot deadlock on the gate.
 */
public final class ClassLoadGate implements ClassFileTransformer {
    private static final ClassLoader OWN_LOADER = ClassLoadGate.class.getClassLoader();
    private final String[] heldPrefixes;
    private final long deadline;
    private final long maxWaitMillis;
    private final CountDownLatch opened = new CountDownLatch(1);
    private final AtomicBoolean gaveUp = new AtomicBoolean();
    private final Set<String> loadedEarly = ConcurrentHashMap.newKeySet();
    private volatile ClassFileTransformer delegate;
    private volatile boolean open;
    private volatile Thread installer;

    /**
     * @param heldPackages binary-name prefixes ({@code com.openai.services.}) of the classes that wait
     * @param maxWaitMillis how long after now the gate stops holding classes, whatever the installation does
     */
    public ClassLoadGate(List<String> heldPackages, long maxWaitMillis) {
        this.heldPrefixes = new String[heldPackages.size()];
        for (int i = 0; i < heldPrefixes.length; i++) {
            heldPrefixes[i] = heldPackages.get(i).replace('.', '/'); // the JVM names classes internally
        }
        this.maxWaitMillis = maxWaitMillis;
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
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

    /** Waits until the gate is open or {@code millis} have passed; true when open. */
    public boolean awaitOpen(long millis) throws InterruptedException {
        return opened.await(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Binary names of application classes loaded before the delegate was there, untransformed. The installer
     * removes those it has dealt with; a name may be added a moment after the delegate was set (a load that
     * started before).
     */
    public Set<String> loadedEarly() {
        return loadedEarly;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (loader == OWN_LOADER) {
            return null; // TraceFlow's own ~2 500 classes (Byte Buddy, Jackson, sqlite-jdbc): never instrumented
        }
        beforeTransform(loader, className, classBeingRedefined, classfileBuffer);
        ClassFileTransformer target = delegate;
        return target == null ? null
                : target.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        if (loader == OWN_LOADER) {
            return null;
        }
        beforeTransform(loader, className, classBeingRedefined, classfileBuffer);
        ClassFileTransformer target = delegate;
        return target == null ? null
                : target.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    }

    private void beforeTransform(ClassLoader loader, String className, Class<?> classBeingRedefined, byte[] bytes) {
        if (open || classBeingRedefined != null || loader == null || className == null
                || Thread.currentThread() == installer) {
            return;
        }
        if (isHeld(className) || extendsHeld(bytes)) {
            awaitOpen(className);
        } else if (delegate == null) {
            loadedEarly.add(className.replace('/', '.'));
        }
    }

    private boolean isHeld(String internalName) {
        for (String prefix : heldPrefixes) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A direct subtype of a library type: its own methods may be hooked (implementations of ChatModel). */
    private boolean extendsHeld(byte[] bytes) {
        if (bytes == null) {
            return false;
        }
        for (String superType : ClassHeader.directSuperTypes(bytes)) {
            if (isHeld(superType)) {
                return true;
            }
        }
        return false;
    }

    private void awaitOpen(String className) {
        long start = System.nanoTime();
        boolean interrupted = false;
        boolean inTime = false;
        while (true) {
            long remaining = deadline - System.nanoTime();
            try {
                inTime = remaining > 0 && opened.await(remaining, TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting: an interrupt does not make the instrumentation ready
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (inTime) {
            AgentLog.debug(className.replace('/', '.') + " waited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - start) + " ms for the instrumentation");
        } else {
            giveUp(className);
        }
    }

    /** The installation is this late: release every waiting load and hold no more. */
    private void giveUp(String className) {
        if (gaveUp.compareAndSet(false, true)) {
            AgentLog.warn("the instrumentation was not ready " + maxWaitMillis + " ms after start-up; "
                    + className.replace('/', '.') + " and the library classes loaded after it go on without"
                    + " waiting: their calls may not be traced");
            open();
        }
    }
}
