package io.traceflow.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every provider's and framework's finish reason, in the neutral format's words. */
class FinishReasonsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // stop: OpenAI, LangChain4j STOP, Anthropic, Gemini, the Responses API's status
            "stop, stop", "STOP, stop", "end_turn, stop", "stop_sequence, stop", "completed, stop",
            "FINISH_REASON_STOP, stop",
            // length
            "length, length", "LENGTH, length", "max_tokens, length", "MAX_TOKENS, length", "max_output_tokens, length",
            "incomplete, length",
            // content_filter
            "content_filter, content_filter", "CONTENT_FILTER, content_filter", "SAFETY, content_filter",
            "RECITATION, content_filter", "BLOCKLIST, content_filter", "PROHIBITED_CONTENT, content_filter",
            "SPII, content_filter", "refusal, content_filter",
            // tool_call
            "tool_calls, tool_call", "function_call, tool_call", "TOOL_EXECUTION, tool_call", "tool_use, tool_call",
            "tool_call, tool_call",
            // error
            "error, error", "failed, error", "MALFORMED_FUNCTION_CALL, error",
            // anything else is kept, lower case
            "OTHER, other", "pause_turn, pause_turn", "Something_New, something_new"})
    void normalizes(String reported, String neutral) {
        assertThat(FinishReasons.normalize(reported)).isEqualTo(neutral);
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(FinishReasons.normalize("  Stop\n")).isEqualTo("stop");
        assertThat(FinishReasons.normalize(" tool_calls ")).isEqualTo("tool_call");
    }

    @Test
    void nullAndBlankAreNull() {
        assertThat(FinishReasons.normalize(null)).isNull();
        assertThat(FinishReasons.normalize("")).isNull();
        assertThat(FinishReasons.normalize(" \t ")).isNull();
    }
}
