package io.traceflow.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A manual tool loop outside any root: one trace, linked by tool-call id (ToolLoops and StepScope). */
class ToolLoopsTest {
    @BeforeEach
    @AfterEach
    void forget() {
        ToolLoops.clear();
        assertThat(TraceContext.current()).isNull();
    }

    @Test
    void theToolAndTheNextCallJoinTheFirstCallsTrace() {
        StepScope first = StepScope.start(true, null);
        StepScope child = StepScope.start(false); // e.g. an SDK call inside a framework model's call
        first.askedForTools(List.of("call_a", "call_b"));
        first.closeFrame();

        StepScope tool = StepScope.start(true, List.of("call_a"));
        tool.closeFrame();
        StepScope next = StepScope.start(true, List.of("call_b"));
        next.askedForTools(List.of("call_c"));
        next.closeFrame();
        StepScope last = StepScope.start(true, List.of("call_c"));
        last.closeFrame();

        StepPlacement top = first.placement();
        assertThat(top.ownsTrace()).isTrue();
        assertThat(child.placement().parentStepId()).isEqualTo(top.stepId());
        for (StepScope joined : List.of(tool, next, last)) {
            StepPlacement p = joined.placement();
            assertThat(p.traceId()).isEqualTo(top.traceId());
            assertThat(p.parentStepId()).as("a top-level step").isNull();
            assertThat(p.ownsTrace()).isFalse();
            assertThat(p.joinsLoop()).isTrue();
            assertThat(joined.topOfOwnTrace()).isTrue();
        }
        // one numbering for the trace: the first call's child came first
        assertThat(List.of(top.seq(), child.placement().seq(), tool.placement().seq(), next.placement().seq(),
                last.placement().seq())).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void childrenOfAJoinedStepNestUnderIt() {
        StepScope first = StepScope.start(true, null);
        first.askedForTools(List.of("call_a"));
        first.closeFrame();

        StepScope tool = StepScope.start(true, List.of("call_a"));
        StepScope modelCallInsideTheTool = StepScope.start(true, null);
        modelCallInsideTheTool.closeFrame();
        tool.closeFrame();

        assertThat(modelCallInsideTheTool.placement().traceId()).isEqualTo(first.placement().traceId());
        assertThat(modelCallInsideTheTool.placement().parentStepId()).isEqualTo(tool.placement().stepId());
        assertThat(modelCallInsideTheTool.placement().joinsLoop()).isFalse();
        assertThat(modelCallInsideTheTool.topOfOwnTrace()).isFalse();
        assertThat(modelCallInsideTheTool.placement().seq()).isEqualTo(2L);
    }

    @Test
    void anUnknownIdStartsATraceOfItsOwn() {
        StepScope first = StepScope.start(true, null);
        first.askedForTools(List.of("call_a"));
        first.closeFrame();

        StepScope other = StepScope.start(true, List.of("call_zzz"));
        other.closeFrame();
        StepScope none = StepScope.start(true, null);
        none.closeFrame();

        assertThat(other.placement().ownsTrace()).isTrue();
        assertThat(other.placement().traceId()).isNotEqualTo(first.placement().traceId());
        assertThat(none.placement().ownsTrace()).isTrue();
    }

    @Test
    void insideARootNothingIsRememberedNorJoined() {
        StepScope outside = StepScope.start(true, null);
        outside.askedForTools(List.of("call_a"));
        outside.closeFrame();

        StepScope root = StepScope.start(true);
        StepScope call = StepScope.start(true, null);
        call.askedForTools(List.of("call_in_root"));
        call.closeFrame();
        StepScope answering = StepScope.start(true, List.of("call_a"));
        answering.closeFrame();
        root.closeFrame();

        assertThat(call.topOfOwnTrace()).isFalse();
        assertThat(ToolLoops.find(List.of("call_in_root"))).isNull();
        // inside the root, the root holds the steps together, whatever they answer
        assertThat(answering.placement().traceId()).isEqualTo(root.placement().traceId());
        assertThat(answering.placement().parentStepId()).isEqualTo(root.placement().stepId());
        assertThat(answering.placement().joinsLoop()).isFalse();
        // and outside again, an id asked inside the root links nothing
        StepScope later = StepScope.start(true, List.of("call_in_root"));
        later.closeFrame();
        assertThat(later.placement().ownsTrace()).isTrue();
    }

    @Test
    void untouchedUntilACallOutsideARootAsksForATool() {
        assertThat(ToolLoops.isEmpty()).isTrue();
        StepScope root = StepScope.start(true);
        StepScope.start(false).askedForTools(List.of("x"));
        root.closeFrame();
        assertThat(ToolLoops.isEmpty()).isTrue();

        StepScope top = StepScope.start(false, null);
        top.askedForTools(List.of());
        assertThat(ToolLoops.isEmpty()).isTrue();
        top.askedForTools(List.of("y"));
        assertThat(ToolLoops.isEmpty()).isFalse();
    }

    @Test
    void boundedToTheMostRecentIds() {
        TraceContext.Frame loop = new TraceContext.Frame("trace-1", null, new AtomicLong(), null, true);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= ToolLoops.MAX; i++) {
            ids.add("call_" + i);
        }

        ToolLoops.remember(ids, loop);

        assertThat(ToolLoops.find(List.of("call_0"))).as("the eldest is forgotten").isNull();
        assertThat(ToolLoops.find(List.of("call_1"))).isSameAs(loop);
        assertThat(ToolLoops.find(List.of("call_" + ToolLoops.MAX))).isSameAs(loop);
    }

    @Test
    void absentIdsAreTolerated() {
        TraceContext.Frame loop = new TraceContext.Frame("trace-1", null, new AtomicLong(), null, true);

        ToolLoops.remember(null, loop);
        ToolLoops.remember(List.of("a"), null);
        assertThat(ToolLoops.isEmpty()).isTrue();
        ToolLoops.remember(Arrays.asList(null, "", "b"), loop);

        assertThat(ToolLoops.find(null)).isNull();
        assertThat(ToolLoops.find(List.of())).isNull();
        assertThat(ToolLoops.find(Arrays.asList(null, ""))).isNull();
        assertThat(ToolLoops.find(Arrays.asList(null, "unknown", "b"))).isSameAs(loop);
    }
}
