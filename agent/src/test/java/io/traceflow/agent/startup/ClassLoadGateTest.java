package io.traceflow.agent.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * The gate is called the way the JVM calls a transformer: with a loader, an internal class name and the class
 * file. A load the gate wrongly held would end at the gate's deadline, which opens it: so every test that expects
 * no wait uses a short deadline and checks that the gate is still closed afterwards.
 */
class ClassLoadGateTest {
    private static final ClassLoader APP = new ClassLoader(null) {
    };
    private static final byte[] NOT_A_CLASS = {1};
    private static final byte[] TRANSFORMED = {2};

    /** What the installer hands over: transforms everything it is given. */
    private static final ClassFileTransformer REAL = new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                byte[] bytes) {
            return TRANSFORMED;
        }
    };

    /** A class of the app that directly extends a "library" type (here the JDK's, named as held in the tests). */
    static final class AppList extends AbstractList<String> {
        @Override
        public String get(int index) {
            return null;
        }

        @Override
        public int size() {
            return 0;
        }
    }

    static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static byte[] load(ClassLoadGate gate, ClassLoader loader, String internalName) throws Exception {
        return gate.transform(null, loader, internalName, null, null, NOT_A_CLASS);
    }

    private static CompletableFuture<byte[]> loadOnAnotherThread(ClassLoadGate gate, String internalName,
            byte[] bytes) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(gate.transform(null, APP, internalName, null, null, bytes));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    @Test
    void aHookedLibrarysClassWaitsForTheInstrumentationAndGoesThroughIt() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai.services."), 60_000);
        CompletableFuture<byte[]> held = loadOnAnotherThread(gate, "com/openai/services/blocking/ChatService",
                NOT_A_CLASS);

        assertThatThrownBy(() -> held.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        gate.delegateTo(REAL);
        assertThatThrownBy(() -> held.get(200, TimeUnit.MILLISECONDS))
                .as("the delegate is there, but the runtime is not: still held").isInstanceOf(TimeoutException.class);
        gate.open();

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(TRANSFORMED);
    }

    @Test
    void aClassThatDirectlyExtendsAHeldTypeWaitsToo() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("java.util.AbstractList"), 60_000);
        CompletableFuture<byte[]> held = loadOnAnotherThread(gate, "app/AppList", classFile(AppList.class));

        assertThatThrownBy(() -> held.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        gate.delegateTo(REAL);
        gate.open();

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(TRANSFORMED);
        assertThat(gate.loadedEarly()).isEmpty();
    }

    @Test
    void otherClassesLoadAtOnceUntouchedAndAreRememberedUntilTheDelegateIsThere() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai.services."), 300);

        assertThat(load(gate, APP, "com/acme/Main")).isNull();
        assertThat(load(gate, APP, "com/openai/core/JsonValue")).as("outside the held package").isNull();
        assertThat(gate.transform(null, APP, "com/acme/Plain", null, null, classFile(ClassLoadGateTest.class)))
                .as("a real class file with no held super type").isNull();
        assertThat(gate.loadedEarly()).containsExactlyInAnyOrder("com.acme.Main", "com.openai.core.JsonValue",
                "com.acme.Plain");

        gate.delegateTo(REAL);
        assertThat(load(gate, APP, "com/acme/Later")).as("before open: no need to wait").isEqualTo(TRANSFORMED);
        assertThat(gate.loadedEarly()).doesNotContain("com.acme.Later");
        assertThat(gate.isOpen()).as("nothing waited until the deadline").isFalse();
    }

    @Test
    void bootstrapClassesAndTheInstallersOwnLoadsNeverWait() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("java.util.concurrent.", "com.openai."), 300);

        assertThat(load(gate, null, "java/util/concurrent/ThreadPoolExecutor")).isNull();
        gate.installingOn(Thread.currentThread());
        assertThat(load(gate, APP, "com/openai/Anything")).isNull();
        assertThat(gate.isOpen()).as("nothing waited until the deadline").isFalse();
        assertThat(gate.loadedEarly()).as("bootstrap classes are not the gate's business").isEmpty();
    }

    @Test
    void retransformationsAreNeverHeld() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai."), 300);
        gate.delegateTo(REAL);

        assertThat(gate.transform(null, APP, "com/openai/Loaded", String.class, null, NOT_A_CLASS))
                .isEqualTo(TRANSFORMED);
        assertThat(gate.isOpen()).as("nothing waited until the deadline").isFalse();
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
    void anInstallationThatNeverEndsReleasesEveryWaitingLoadAtTheDeadlineWithOneWarning() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai."), 300);
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<byte[]> first = loadOnAnotherThread(gate, "com/openai/First", NOT_A_CLASS);
            CompletableFuture<byte[]> second = loadOnAnotherThread(gate, "com/openai/Second", NOT_A_CLASS);
            assertThat(first.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(second.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(gate.isOpen()).as("no later class waits").isTrue();
            assertThat(load(gate, APP, "com/openai/Third")).isNull();
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .contains("[traceflow] WARN", "not ready 300 ms after start-up", "com.openai.", "may not be traced");
    }

    @Test
    void anInterruptDoesNotLetAHeldClassSlipThroughAndIsKept() throws Exception {
        ClassLoadGate gate = new ClassLoadGate(List.of("com.openai."), 60_000);
        CompletableFuture<Boolean> interruptedAfterwards = new CompletableFuture<>();
        CompletableFuture<byte[]> held = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                Thread.currentThread().interrupt();
                held.complete(load(gate, APP, "com/openai/Client"));
                interruptedAfterwards.complete(Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                held.completeExceptionally(e);
            }
        });
        loader.setDaemon(true);
        loader.start();

        assertThatThrownBy(() -> held.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        loader.interrupt(); // and again, while waiting
        assertThatThrownBy(() -> held.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        gate.delegateTo(REAL);
        gate.open();

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(TRANSFORMED);
        assertThat(interruptedAfterwards.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
