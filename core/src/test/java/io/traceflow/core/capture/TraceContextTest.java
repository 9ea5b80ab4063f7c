package io.traceflow.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.traceflow.bootstrap.CallScope;

/** Where steps go: frames opened and closed on a thread, and carried to other threads. */
class TraceContextTest {
    @AfterEach
    void nothingLeftOpen() {
        TraceContext.Frame left = TraceContext.current();
        TraceContext.restore(null);
        assertThat(left).as("a test left a frame open on this thread").isNull();
    }

    @Test
    void aStepOutsideAnyFrameIsATraceOfItsOwn() {
        StepPlacement a = TraceContext.place();
        StepPlacement b = TraceContext.place();

        assertThat(a.ownsTrace()).isTrue();
        assertThat(a.joinsLoop()).isFalse();
        assertThat(a.parentStepId()).isNull();
        assertThat(a.seq()).isZero();
        assertThat(a.traceId()).isNotEqualTo(b.traceId());
        assertThat(a.stepId()).isNotEqualTo(b.stepId()).isNotEqualTo(a.traceId());
    }

    @Test
    void childrenAndGrandchildrenShareTheTracesNumbering() {
        StepPlacement root = TraceContext.place();
        TraceContext.Frame rootFrame = TraceContext.open(root);
        assertThat(TraceContext.current()).isSameAs(rootFrame);
        assertThat(rootFrame.traceId()).isEqualTo(root.traceId());
        assertThat(rootFrame.stepId()).isEqualTo(root.stepId());

        StepPlacement child = TraceContext.place();
        TraceContext.Frame childFrame = TraceContext.open(child);
        StepPlacement grandchild = TraceContext.place();
        TraceContext.close(childFrame);
        StepPlacement secondChild = TraceContext.place();
        TraceContext.close(rootFrame);

        assertThat(List.of(child, grandchild, secondChild)).allSatisfy(p -> {
            assertThat(p.traceId()).isEqualTo(root.traceId());
            assertThat(p.ownsTrace()).isFalse();
            assertThat(p.joinsLoop()).isFalse();
        });
        assertThat(child.parentStepId()).isEqualTo(root.stepId());
        assertThat(grandchild.parentStepId()).isEqualTo(child.stepId());
        assertThat(secondChild.parentStepId()).isEqualTo(root.stepId());
        assertThat(List.of(child.seq(), grandchild.seq(), secondChild.seq())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void closingAFrameThatIsNotCurrentChangesNothing() {
        TraceContext.Frame outer = TraceContext.open(TraceContext.place());
        TraceContext.Frame inner = TraceContext.open(TraceContext.place());

        TraceContext.close(outer);
        assertThat(TraceContext.current()).isSameAs(inner);
        TraceContext.close(null);
        assertThat(TraceContext.current()).isSameAs(inner);

        TraceContext.close(inner);
        assertThat(TraceContext.current()).isSameAs(outer);
        TraceContext.close(outer);
    }

    @Test
    void attachAndRestoreOnAnotherThread() throws Exception {
        StepPlacement root = TraceContext.place();
        TraceContext.Frame frame = TraceContext.open(root);
        TraceContext.close(frame); // the frame object lives on, as a carried-over frame does
        AtomicReference<StepPlacement> placed = new AtomicReference<>();
        AtomicReference<TraceContext.Frame> before = new AtomicReference<>();
        AtomicReference<TraceContext.Frame> after = new AtomicReference<>();

        Thread worker = new Thread(() -> {
            TraceContext.Frame previous = TraceContext.attach(frame);
            before.set(previous);
            placed.set(TraceContext.place());
            TraceContext.restore(previous);
            after.set(TraceContext.current());
        });
        worker.start();
        worker.join();

        assertThat(before.get()).isNull();
        assertThat(placed.get().traceId()).isEqualTo(root.traceId());
        assertThat(placed.get().parentStepId()).isEqualTo(root.stepId());
        assertThat(after.get()).isNull();
    }

    @Test
    void attachReplacesAndRestoreBringsBackWhatWasCurrent() {
        TraceContext.Frame mine = TraceContext.open(TraceContext.place());
        TraceContext.Frame carried = new TraceContext.Frame("trace-x", "step-x", new AtomicLong(), null, false);

        TraceContext.Frame previous = TraceContext.attach(carried);
        assertThat(previous).isSameAs(mine);
        assertThat(TraceContext.place().traceId()).isEqualTo("trace-x");
        TraceContext.Frame none = TraceContext.attach(null);
        assertThat(TraceContext.current()).isNull();
        TraceContext.restore(none);
        assertThat(TraceContext.current()).isSameAs(carried);
        TraceContext.restore(previous);
        assertThat(TraceContext.current()).isSameAs(mine);
        TraceContext.close(mine);
    }

    @Test
    void inFrameRunsAMethodInACarriedFrameAndRestores() {
        TraceContext.Frame carried = new TraceContext.Frame("trace-y", "step-y", new AtomicLong(), null, false);

        CallScope scope = InFrame.run(carried);
        assertThat(TraceContext.current()).isSameAs(carried);
        Object result = scope.exit("returned", null);

        assertThat(result).isEqualTo("returned");
        assertThat(TraceContext.current()).isNull();
    }

    @Test
    void childrenOnManyThreadsGetDistinctNumbers() throws Exception {
        TraceContext.Frame frame = TraceContext.open(TraceContext.place());
        TraceContext.close(frame);
        Set<Long> seqs = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    TraceContext.Frame previous = TraceContext.attach(frame);
                    try {
                        for (int i = 0; i < 250; i++) {
                            seqs.add(TraceContext.place().seq());
                        }
                    } finally {
                        TraceContext.restore(previous);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seqs).hasSize(1000).allSatisfy(seq -> assertThat(seq).isBetween(1L, 1000L));
    }

    @Test
    void anInheritedFrameWorksLikeItsOriginWhileItIsOpen() throws Exception {
        StepPlacement rootStep = TraceContext.place();
        TraceContext.Frame root = TraceContext.open(rootStep);

        StepPlacement onThread = onThreadIn(TraceContext.inherit(root), TraceContext::place);

        assertThat(onThread.ownsTrace()).isFalse();
        assertThat(onThread.traceId()).isEqualTo(rootStep.traceId());
        assertThat(onThread.parentStepId()).isEqualTo(rootStep.stepId());
        assertThat(TraceContext.place().seq()).as("one numbering for the trace").isEqualTo(onThread.seq() + 1);
        TraceContext.close(root);
    }

    @Test
    void anInheritedFrameEndsWhenItsOriginCloses() throws Exception {
        TraceContext.Frame root = TraceContext.open(TraceContext.place());
        TraceContext.Frame inherited = TraceContext.inherit(root);
        TraceContext.close(root);

        AtomicReference<TraceContext.Frame> currentAfter = new AtomicReference<>();
        StepPlacement later = onThreadIn(inherited, () -> {
            StepPlacement placement = TraceContext.place();
            currentAfter.set(TraceContext.current());
            return placement;
        });

        assertThat(later.ownsTrace()).as("a trace of its own").isTrue();
        assertThat(later.traceId()).isNotEqualTo(root.traceId());
        assertThat(currentAfter.get()).isNull();
    }

    @Test
    void aStepOpenedInAnInheritedFrameNestsThereAndTheThreadLeavesTheTraceAfterwards() throws Exception {
        TraceContext.Frame root = TraceContext.open(TraceContext.place());
        TraceContext.Frame inherited = TraceContext.inherit(root);
        TraceContext.attach(inherited);
        StepPlacement stepPlacement = TraceContext.place();
        TraceContext.Frame step = TraceContext.open(stepPlacement);
        assertThat(stepPlacement.parentStepId()).isEqualTo(root.stepId());

        TraceContext.close(root); // the origin ends while the step is still running: the step finishes in it
        StepPlacement nested = TraceContext.place();
        assertThat(nested.traceId()).isEqualTo(root.traceId());
        assertThat(nested.parentStepId()).isEqualTo(step.stepId());

        TraceContext.close(step);
        assertThat(TraceContext.current()).isNull();
        assertThat(TraceContext.place().ownsTrace()).isTrue();
    }

    @Test
    void aFrameInheritedFromAnInheritedOneEndsWithTheOriginalOrigin() {
        TraceContext.Frame root = TraceContext.open(TraceContext.place());
        TraceContext.Frame child = TraceContext.inherit(root);
        TraceContext.Frame grandchild = TraceContext.inherit(child);
        TraceContext.restore(null);

        TraceContext.attach(grandchild);
        assertThat(TraceContext.place().parentStepId()).isEqualTo(root.stepId());
        TraceContext.close(root);
        assertThat(TraceContext.current()).isNull();
    }

    @Test
    void aFrameCarriedByATaskStillPlacesStepsAfterItClosed() {
        // Executor tasks attach the frame itself, not an inherited one: a task submitted inside a root that runs
        // after the root returned is still part of it (as it always was).
        TraceContext.Frame root = TraceContext.open(TraceContext.place());
        TraceContext.close(root);

        TraceContext.Frame previous = TraceContext.attach(root);
        StepPlacement late = TraceContext.place();
        TraceContext.restore(previous);

        assertThat(late.ownsTrace()).isFalse();
        assertThat(late.parentStepId()).isEqualTo(root.stepId());
    }

    /** Runs {@code work} on a new thread with {@code frame} current, as the thread hooks do. */
    private static <T> T onThreadIn(TraceContext.Frame frame, Supplier<T> work) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            TraceContext.attach(frame);
            try {
                result.set(work.get());
            } finally {
                TraceContext.restore(null);
            }
        });
        thread.start();
        thread.join();
        return result.get();
    }
}
