package io.traceflow.examples.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/** How to test your own evaluator: build steps with StepView.builder(), no database or agent needed. */
class MaxWordsEvaluatorTest {
    static StepView answer(String text) {
        return StepView.builder().id("s1").operation("chat").status("ok").outputText(text).build();
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(Evaluator.class).stream().map(p -> p.get().name())).contains("max_words");
    }

    @Test
    void countsTheAnswersWords() throws Exception {
        Evaluator e = new MaxWordsEvaluator().configure("3");
        assertThat(e.evaluate(answer("Paris, of course.")).passed()).isTrue();
        EvalResult tooLong = e.evaluate(answer("The capital of France is Paris."));
        assertThat(tooLong.passed()).isFalse();
        assertThat(tooLong.score()).isEqualTo(0.5);
        assertThat(tooLong.detail()).isEqualTo("6 words (at most 3)");
    }

    @Test
    void countsTheAnswerNotTheReadableOutput() throws Exception {
        // TraceFlow reads the answer out of the stored response JSON for you; in a test, give it directly.
        StepView step = StepView.builder().operation("chat").status("ok").outputText("tool call x({})")
                .answer("Two words", List.of()).build();
        assertThat(new MaxWordsEvaluator().configure("2").evaluate(step).detail()).isEqualTo("2 words (at most 2)");
        StepView toolCallsOnly = step.toBuilder().answer("", List.of(new StepView.ToolCall("x", "{}"))).build();
        assertThat(new MaxWordsEvaluator().configure("2").evaluate(toolCallsOnly)).isNull();
    }

    @Test
    void skipsWhatIsNotAnAnswerAndRejectsABadArgument() {
        Evaluator e = new MaxWordsEvaluator().configure("3");
        assertThat(e.appliesTo(answer("x").toBuilder().operation("embeddings").build())).isFalse();
        assertThat(e.appliesTo(answer("x").toBuilder().status("error").build())).isFalse();
        assertThatThrownBy(() -> new MaxWordsEvaluator().configure("many")).hasMessageContaining("max_words:50");
        assertThatThrownBy(() -> new MaxWordsEvaluator().configure(null)).hasMessageContaining("max_words:50");
    }
}
