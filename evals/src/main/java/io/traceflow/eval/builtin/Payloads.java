package io.traceflow.eval.builtin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.ToolDefinition;
import io.traceflow.eval.api.StepView;

/**
 * Reads what evaluators need out of a step's neutral form (docs/schema.md, "The neutral message format"), the same
 * for every library: the answer's text and tool calls, and the tools the request offered. Jackson stays inside:
 * callers get JDK types. {@link #answer} is the answer reader of every {@link StepView} TraceFlow builds
 * ({@code StepViews.builder()}).
 */
public final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    public static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The answer's text (the text parts of the output messages, and the result a tool step returned) and its tool
     * calls; the readable output text when the step has no output messages.
     */
    public static StepView.Answer answer(StepView step) {
        List<Message> output = NeutralJson.readMessages(step.outputMessagesJson());
        if (output.isEmpty()) {
            return new StepView.Answer(step.outputText(), List.of());
        }
        StringBuilder text = new StringBuilder();
        List<StepView.ToolCall> calls = new ArrayList<>();
        for (Message message : output) {
            for (Part part : message.parts()) {
                if (part instanceof Part.Text t && t.content() != null) {
                    text.append(t.content());
                } else if (part instanceof Part.ToolCallResponse r && r.response() != null) {
                    text.append(r.response());
                } else if (part instanceof Part.ToolCall call) {
                    calls.add(new StepView.ToolCall(call.name(), call.arguments()));
                }
            }
        }
        return new StepView.Answer(text.toString(), calls);
    }

    /**
     * The tools the request offered, by name, with the JSON Schema of their parameters (null when a tool declared
     * none, or when only its name was kept: {@code traceflow.capture.content=false}). Empty when none was offered.
     */
    public static Map<String, JsonNode> offeredTools(StepView step) {
        Map<String, JsonNode> tools = new LinkedHashMap<>();
        for (ToolDefinition tool : NeutralJson.readTools(step.toolDefinitionsJson())) {
            tools.put(tool.name() == null ? "" : tool.name(), parse(tool.parameters()));
        }
        return tools;
    }
}
