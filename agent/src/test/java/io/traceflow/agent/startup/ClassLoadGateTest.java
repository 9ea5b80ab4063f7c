package io.traceflow.agent.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The gate is called the way the JVM calls a transformer: with a loader, an internal class name and bytes. */
class ClassLoadGateTest {
    private static final ClassLoader APP = new ClassLoader(null) {
    };
    private static final byte[] ORIGINAL = {1};
    private static final byte[] TRANSFORMED = {2};

    /** What the installer hands over: transforms everything it is given. */
    private static final ClassFileTransformer REAL = new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                byte[] bytes) {
            return TRANSFORMED;
        }
    };

    private static byte[] load(ClassLoadGate gate, ClassLoader loader, String internalName) throws Exception {
        return gate.transform(null, loader, internalName, null, null, ORIGINAL);
    }

    private static CompletableFuture<byte[]> loadOnAnotherThread(ClassLoadGate gate, String internalName) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return load(gate, APP, internalName);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aHookedLibrarysClassWaitsForTheInstrumentationAndGoesThroughIt() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai.services."), 60_000);
        CompletableFuture<byte[]> held = loadOnAnotherThread(gate, "com/openai/services/blocking/ChatService");

        Assertions.assertThatThrownBy(() -> held.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        gate.delegateTo(REAL);
        Assertions.assertThatThrownBy(() -> held.get(200, TimeUnit.MILLISECONDS))
                .as("the delegate is there, but the runtime is not: still held").isInstanceOf(TimeoutException.class);
        gate.open();

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(TRANSFORMED);
    }

    @Test
    void otherClassesLoadAtOnceUntouchedUntilTheDelegateIsThere() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai.services."), 60_000);

        assertThat(load(gate, APP, "com/acme/Main")).isNull();
        assertThat(load(gate, APP, "com/openai/core/JsonValue")).as("outside the held package").isNull();

        gate.delegateTo(REAL);
        assertThat(load(gate, APP, "com/acme/Main")).as("before open: no need to wait").isEqualTo(TRANSFORMED);
    }

    @Test
    void bootstrapClassesAndTheInstallersOwnLoadsNeverWait() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("java.util.concurrent.", "com.openai."), 60_000);

        assertThat(load(gate, null, "java/util/concurrent/ThreadPoolExecutor")).isNull();
        gate.installingOn(Thread.currentThread());
        assertThat(load(gate, APP, "com/openai/Anything")).isNull();
    }

    @Test
    void retransformationsAreNeverHeld() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai."), 60_000);
        gate.delegateTo(REAL);

        assertThat(gate.transform(null, APP, "com/openai/Loaded", String.class, null, ORIGINAL))
                .isEqualTo(TRANSFORMED);
    }

    @Test
    void aWithdrawnDelegateIsNoLongerCalled() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of(), 60_000);
        gate.delegateTo(REAL);

        assertThat(gate.withdraw(new ClassFileTransformer() {
        })).isFalse();
        assertThat(gate.withdraw(REAL)).isTrue();
        assertThat(load(gate, APP, "com/acme/Main")).isNull();
    }

    @Test
    void anInstallationThatNeverEndsDelaysAClassOnlyUpToTheLimitWithOneWarning() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai."), 50);
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(load(gate, APP, "com/openai/First")).isNull();
            assertThat(load(gate, APP, "com/openai/Second")).isNull();
            assertThat(gate.isOpen()).as("no later class waits").isTrue();
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .contains("[traceflow] WARN", "not ready after 50 ms", "com.openai.First", "may not be traced");
    }

    @Test
    void anInterruptedWaitLoadsTheClassAndKeepsTheInterrupt() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai."), 60_000);
        Thread.currentThread().interrupt();
        try {
            assertThat(load(gate, APP, "com/openai/Client")).isNull();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
