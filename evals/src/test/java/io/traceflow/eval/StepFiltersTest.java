package io.traceflow.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.traceflow.core.config.StepFilter;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;

class StepFiltersTest {
    @Test
    void filtersMatchStepsAndTracesWithGlobs() {
        StepFilter f = StepFilter.parse(List.of("model=gpt-4o*|o3", "operation=chat", "trace=Assistant.?hat"));
        StepView step = Steps.base().traceName("Assistant.chat").build();
        assertThat(StepFilters.matches(f, step)).isTrue();
        assertThat(StepFilters.matches(f, step.toBuilder().model("o3").build())).isTrue();
        assertThat(StepFilters.matches(f, step.toBuilder().model("o3-mini").build())).isFalse();
        assertThat(StepFilters.matches(f, step.toBuilder().operation("embeddings").build())).isFalse();
        assertThat(StepFilters.matches(f, step.toBuilder().traceName(null).build())).isFalse();
        assertThat(StepFilters.matches(StepFilter.parse(List.of("model=a.b")), Steps.base().model("axb").build()))
                .isFalse();

        TraceView trace = new TraceView("t", "Assistant.chat", "ai_service", "ok", null, 0, 1L, "r", List.of(step));
        assertThat(StepFilters.matches(StepFilter.parse(List.of("kind=ai_service", "model=gpt-*")), trace)).isTrue();
        assertThat(StepFilters.matches(StepFilter.parse(List.of("kind=auto")), trace)).isFalse();
    }
}
