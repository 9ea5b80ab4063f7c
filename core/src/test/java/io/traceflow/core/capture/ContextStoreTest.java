package io.traceflow.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A task remembers the frame it was submitted in, once, and only inside a trace. */
class ContextStoreTest {
    @AfterEach
    void nothingLeftOpen() {
        assertThat(TraceContext.current()).isNull();
    }

    @Test
    void aTaskSubmittedInATraceRunsInItsFrameOnce() throws Exception {
        TraceContext.Frame frame = TraceContext.open(TraceContext.place());
        Runnable task = () -> { };
        ContextStore.capture(task);
        TraceContext.close(frame);
        AtomicReference<TraceContext.Frame> first = new AtomicReference<>();
        AtomicReference<TraceContext.Frame> second = new AtomicReference<>(frame);

        Thread worker = new Thread(() -> {
            first.set(ContextStore.take(task));
            second.set(ContextStore.take(task));
        });
        worker.start();
        worker.join();

        assertThat(first.get()).isSameAs(frame);
        assertThat(second.get()).as("handed over once").isNull();
    }

    @Test
    void outsideATraceNothingIsRemembered() {
        Runnable task = () -> { };
        ContextStore.capture(task);
        ContextStore.capture(null);

        assertThat(ContextStore.take(task)).isNull();
        assertThat(ContextStore.take(null)).isNull();
    }

    @Test
    void theLatestSubmissionOfATaskCounts() {
        Runnable task = () -> { };
        TraceContext.Frame a = new TraceContext.Frame("trace-a", "step-a", new AtomicLong(), null, false);
        TraceContext.Frame b = new TraceContext.Frame("trace-b", "step-b", new AtomicLong(), null, false);
        TraceContext.Frame previous = TraceContext.attach(a);
        ContextStore.capture(task);
        TraceContext.attach(b);
        ContextStore.capture(task);
        TraceContext.restore(previous);

        assertThat(ContextStore.take(task)).isSameAs(b);
        assertThat(ContextStore.take(task)).isNull();
    }

    /** A task type with value equality, as records and Lombok's @Data classes have. */
    record Job(String name) implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void equalTasksAreTwoTasks() {
        Job first = new Job("same");
        Job second = new Job("same");
        TraceContext.Frame a = new TraceContext.Frame("trace-a", "step-a", new AtomicLong(), null, false);
        TraceContext.Frame b = new TraceContext.Frame("trace-b", "step-b", new AtomicLong(), null, false);
        TraceContext.Frame previous = TraceContext.attach(a);
        ContextStore.capture(first);
        TraceContext.attach(b);
        ContextStore.capture(second);
        TraceContext.restore(previous);

        assertThat(ContextStore.take(second)).isSameAs(b);
        assertThat(ContextStore.take(first)).isSameAs(a);
    }
}
