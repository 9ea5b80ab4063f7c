package io.traceflow.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A stream's deltas fold into the answer it would have been unstreamed. */
class StreamAssemblyTest {
    @Test
    void textReasoningAndToolCallFragmentsByIndexBecomeOneAssistantMessage() {
        Exchange exchange = new Exchange();
        StreamAssembly.into(exchange, List.of(
                new StreamDelta("msg_1", "claude-x", null, "Think", List.of(), null, new Usage(40L, null, null, 10L, 5L, null)),
                new StreamDelta(null, null, null, "ing.", List.of(), null, null),
                StreamDelta.text("Let me "),
                StreamDelta.text("check."),
                new StreamDelta(null, null, null, null, List.of(new StreamDelta.ToolCallDelta(1, "t2", "time", "{\"c")), null, null),
                new StreamDelta(null, null, null, null, List.of(new StreamDelta.ToolCallDelta(0, "t1", "weather", "{\"city\"")), null, null),
                new StreamDelta(null, null, null, null, List.of(new StreamDelta.ToolCallDelta(0, null, null, ":\"Rome\"}"),
                        new StreamDelta.ToolCallDelta(1, null, null, "\":1}")), null, null),
                new StreamDelta(null, null, null, null, List.of(), "tool_use", new Usage(null, 12L, null, null, null, 3L))));

        assertThat(exchange.answered).isTrue();
        assertThat(exchange.responseId).isEqualTo("msg_1");
        assertThat(exchange.responseModel).isEqualTo("claude-x");
        assertThat(exchange.finishReason).isEqualTo("tool_use");
        assertThat(exchange.usage).isEqualTo(new Usage(40L, 12L, null, 10L, 5L, 3L));
        Message answer = exchange.output.get(0);
        assertThat(answer.finishReason()).isEqualTo(FinishReasons.TOOL_CALL);
        assertThat(answer.parts()).containsExactly(new Part.Reasoning("Thinking."), new Part.Text("Let me check."),
                new Part.ToolCall("t1", "weather", "{\"city\":\"Rome\"}"), new Part.ToolCall("t2", "time", "{\"c\":1}"));
    }

    @Test
    void aLaterCountReplacesAnEarlierOneAndNoDeltasAddNothing() {
        Exchange exchange = new Exchange();
        StreamAssembly.into(exchange, List.of(
                new StreamDelta(null, null, "a", null, null, null, new Usage(1L, 1L, 2L, null, null, null)),
                new StreamDelta(null, null, "b", null, null, "STOP", new Usage(1L, 7L, 8L, null, null, null))));
        assertThat(exchange.usage).isEqualTo(new Usage(1L, 7L, 8L, null, null, null));
        assertThat(exchange.output.get(0).parts()).containsExactly(new Part.Text("ab"));
        assertThat(exchange.output.get(0).finishReason()).isEqualTo(FinishReasons.STOP);

        Exchange none = new Exchange();
        StreamAssembly.into(none, List.of());
        assertThat(none.answered).isFalse();
        assertThat(none.output).isEmpty();
    }
}
