package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A streamed answer ({@code contract-stream}: "Contract stream"): one step, when the stream ends, with its TTFT. */
public interface StreamContract extends Library {
    @Test
    default void aStreamIsOneStepWithTheAssembledAnswerAndItsTimeToFirstToken() throws Exception {
        Map<String, Object> step = recording().step("Contract stream");
        assertThat(step.get("status")).isEqualTo("ok");
        double ttft = ((Number) step.get("ttft_ms")).doubleValue();
        assertThat(ttft).isPositive().isLessThanOrEqualTo(((Number) step.get("latency_ms")).doubleValue());
        assertThat(Recording.json(step.get("output_messages_json")).at("/0/parts/0/content").asText())
                .isEqualTo(answerTo("Contract stream"));
        assertThat(Recording.json(step.get("output_messages_json")).at("/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(step.get("output_text")).isEqualTo(answerTo("Contract stream"));
        assertThat(Recording.printed(recording().recorded(), "contract-stream")).contains(answerTo("Contract stream"));
    }
}
