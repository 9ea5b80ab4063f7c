package io.traceflow.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceContextTest {
    @AfterEach
    void leaveNothingBehind() {
        TraceContext.restore(null);
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
