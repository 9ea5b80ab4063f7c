package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** A blocking chat call ({@code contract-chat}: "Contract chat"): one step, in a trace of its own, fully read. */
public interface ChatContract extends Library {
    @Test
    default void chatIsOneStepWithModelUsageAndTheNeutralMessages() throws Exception {
        Map<String, Object> step = recording().step("Contract chat");
        assertThat(step.get("provider")).isEqualTo(provider());
        assertThat(step.get("operation")).isEqualTo("chat");
        assertThat(step.get("status")).isEqualTo("ok");
        assertThat(step.get("model")).isEqualTo(model());
        assertThat(step.get("response_id")).isNotNull();
        assertThat(((Number) step.get("latency_ms")).doubleValue()).isPositive();
        assertThat(((Number) step.get("prompt_tokens")).longValue()).isPositive();
        assertThat(((Number) step.get("completion_tokens")).longValue()).isPositive();
        assertThat(step.get("ttft_ms")).isNull();

        JsonNode input = Recording.json(step.get("input_messages_json"));
        JsonNode user = input.get(input.size() - 1);
        assertThat(user.get("role").asText()).isEqualTo("user");
        assertThat(user.at("/parts/0/type").asText()).isEqualTo("text");
        assertThat(user.at("/parts/0/content").asText()).isEqualTo("Contract chat");
        JsonNode output = Recording.json(step.get("output_messages_json"));
        assertThat(output).hasSize(1);
        assertThat(output.at("/0/role").asText()).isEqualTo("assistant");
        assertThat(output.at("/0/parts/0/content").asText()).isEqualTo(answerTo("Contract chat"));
        assertThat(output.at("/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(step.get("output_text")).isEqualTo(answerTo("Contract chat"));
        assertThat((String) step.get("input_text")).contains("user: Contract chat");

        Map<String, Object> trace = recording().traceOf(step);
        assertThat(trace.get("kind")).isEqualTo("auto");
        assertThat(trace.get("root_step_id")).isEqualTo(step.get("id"));
        assertThat(trace.get("status")).isEqualTo("ok");
        assertThat(Recording.printed(recording().recorded(), "contract-chat")).contains(answerTo("Contract chat"));
    }
}
