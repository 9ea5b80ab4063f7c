package io.traceflow.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.traceflow.eval.api.StepView;

/** The answer every view TraceFlow builds hands to evaluators: read from the stored response JSON, in each shape. */
class StepViewsTest {
    @Test
    void readsTheAnswerOfAChatCompletion() {
        StepView step = Steps.toolCalls("get_weather", "{\"city\":\"Paris\"}");
        assertThat(step.answerText()).isEmpty();
        assertThat(step.toolCalls()).containsExactly(new StepView.ToolCall("get_weather", "{\"city\":\"Paris\"}"));
        assertThat(Steps.chat("Paris.").answerText()).isEqualTo("Paris.");
        assertThat(Steps.chat("Paris.").toolCalls()).isEmpty();
    }

    @Test
    void readsTheResponsesApiAndLangChain4jShapes() {
        StepView responses = Steps.neutral(Steps.base().operation("responses").outputText("readable").responseJson("{\"output\":["
                + "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\"}]},"
                + "{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}]}").build());
        assertThat(responses.answerText()).isEqualTo("Hello");
        assertThat(responses.toolCalls()).containsExactly(new StepView.ToolCall("f", "{}"));
        StepView lc4j = Steps.neutral(Steps.base().provider("langchain4j").responseJson("{\"text\":\"Bonjour\",\"tool_calls\":"
                + "[{\"name\":\"g\",\"arguments\":\"{\\\"a\\\":1}\"}]}").build());
        assertThat(lc4j.answerText()).isEqualTo("Bonjour");
        assertThat(lc4j.toolCalls()).containsExactly(new StepView.ToolCall("g", "{\"a\":1}"));
    }

    @Test
    void unreadableJsonFallsBackToTheReadableOutputAndACopyReadsItsOwnJson() {
        StepView cut = Steps.neutral(Steps.base().outputText("tool call x({})").responseJson("{\"choices\":[{\"mess").build());
        assertThat(cut.answerText()).isEqualTo("tool call x({})");
        assertThat(cut.toolCalls()).isEmpty();
        StepView whole = Steps.neutral(cut.toBuilder().responseJson(
                "{\"choices\":[{\"message\":{\"content\":\"Two words\"}}]}").build());
        assertThat(whole.answerText()).isEqualTo("Two words");
    }

    @Test
    void aViewWithoutAReaderAnswersWithItsOutputTextAndAFixedAnswerWins() {
        StepView plain = StepView.builder().outputText("out")
                .responseJson("{\"choices\":[{\"message\":{\"content\":\"json\"}}]}").build();
        assertThat(plain.answerText()).isEqualTo("out");
        assertThat(StepView.builder().build().answerText()).isEmpty();
        StepView fixed = plain.toBuilder().answer("given", List.of(new StepView.ToolCall("t", null))).build();
        assertThat(fixed.answerText()).isEqualTo("given");
        assertThat(fixed.toolCalls()).extracting(StepView.ToolCall::name).containsExactly("t");
    }

    @Test
    void aTracesModelCallsCountEachRequestOnce() {
        StepView framework = Steps.chat("Paris.").toBuilder().id("01WRAP").provider("langchain4j")
                .attributesJson("{\"model_class\":\"X\",\"model_calls_inside\":1}").build();
        StepView sdk = Steps.chat("Paris.").toBuilder().id("01SDK").parentStepId("01WRAP").build();
        io.traceflow.eval.api.TraceView trace = new io.traceflow.eval.api.TraceView("01TRACE", "t", "auto", "ok", null,
                0, 1L, "01WRAP", List.of(framework, sdk));
        assertThat(framework.madeModelCallsInside()).isTrue();
        assertThat(sdk.madeModelCallsInside()).isFalse();
        assertThat(trace.modelCalls()).extracting(StepView::id).containsExactly("01SDK");
    }
}
