package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A manual tool loop ({@code contract-tools}: "Contract tools"): the model asks for a tool, the app runs it and sends
 * the result back. The tool call and its result are neutral parts linked by id, and the loop is one trace.
 */
public interface ToolsContract extends Library {
    @Test
    default void toolCallsAndResultsAreLinkedByIdInOneTrace() throws Exception {
        List<Map<String, Object>> trace = recording().trace(firstToolLoopStep().get("trace_id"));
        List<Map<String, Object>> calls = trace.stream().filter(s -> "chat".equals(s.get("operation"))).toList();
        assertThat(calls).hasSize(2);
        Map<String, Object> asking = calls.get(0);
        Map<String, Object> answering = calls.get(1);

        JsonNode output = Recording.json(asking.get("output_messages_json"));
        JsonNode call = output.at("/0/parts/0");
        assertThat(call.get("type").asText()).isEqualTo("tool_call");
        assertThat(call.get("id").asText()).isNotBlank();
        assertThat(call.get("arguments").isObject()).as("arguments as a JSON object: " + call).isTrue();
        assertThat(output.at("/0/finish_reason").asText()).isEqualTo("tool_call");
        JsonNode tools = Recording.json(asking.get("tool_definitions_json"));
        assertThat(tools.findValuesAsText("name")).contains(call.get("name").asText());
        assertThat(tools.get(0).get("parameters").isObject()).isTrue();

        JsonNode input = Recording.json(answering.get("input_messages_json"));
        assertThat(input.findValues("parts").stream().flatMap(p -> stream(p))
                .filter(p -> "tool_call_response".equals(p.path("type").asText()))
                .map(p -> p.path("id").asText())).contains(call.get("id").asText());
        assertThat(Recording.json(answering.get("output_messages_json")).at("/0/parts/0/content").asText())
                .isNotBlank();

        assertThat(trace).allSatisfy(step -> {
            assertThat(step.get("parent_step_id")).isNull();
            assertThat(step.get("trace_kind")).isEqualTo("auto");
        });
        assertThat(trace.get(0).get("id")).isEqualTo(trace.get(0).get("root_step_id"));
        assertThat(((Number) trace.get(0).get("trace_ended_at")).longValue())
                .isEqualTo(((Number) answering.get("ended_at")).longValue());
    }

    private Map<String, Object> firstToolLoopStep() throws Exception {
        return recording().trace(io.traceflow.it.Db.rows(recording().db(), "SELECT trace_id FROM steps WHERE provider = '"
                + provider() + "' AND input_text LIKE '%Contract tools%' ORDER BY started_at LIMIT 1").get(0)
                .get("trace_id")).get(0);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
