package io.traceflow.instrumentation.langchain4j.v1;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;

import io.traceflow.core.capture.ChatCapture;

/**
 * Reads LangChain4j's request and response types into a {@link ChatCapture}. Runs on the writer thread. Uses only
 * API present in every supported 1.x line; newer members are read defensively.
 */
final class ChatRendering {
    private ChatRendering() {
    }

    static ChatCapture capture(ChatRequest request, ChatResponse response) {
        ChatCapture capture = new ChatCapture();
        if (request != null) {
            capture.messagesJson = ChatMessageSerializer.messagesToJson(request.messages());
            ChatRequestParameters p = request.parameters();
            if (p != null) {
                capture.requestedModel = p.modelName();
                put(capture.parameters, "temperature", p.temperature());
                put(capture.parameters, "top_p", p.topP());
                put(capture.parameters, "top_k", p.topK());
                put(capture.parameters, "max_output_tokens", p.maxOutputTokens());
                put(capture.parameters, "frequency_penalty", p.frequencyPenalty());
                put(capture.parameters, "presence_penalty", p.presencePenalty());
                if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
                    capture.parameters.put("stop", p.stopSequences());
                }
                if (p.toolChoice() != null) {
                    capture.parameters.put("tool_choice", p.toolChoice().toString());
                }
                if (p.responseFormat() != null) {
                    capture.parameters.put("response_format", String.valueOf(p.responseFormat()));
                }
                if (p.toolSpecifications() != null) {
                    for (ToolSpecification tool : p.toolSpecifications()) {
                        capture.tools.add(tool(tool));
                    }
                }
            }
        }
        if (response != null) {
            capture.answered = true;
            capture.responseId = response.id();
            capture.responseModel = response.modelName();
            AiMessage message = response.aiMessage();
            if (message != null) {
                capture.text = message.text();
                capture.thinking = thinking(message);
                if (message.hasToolExecutionRequests()) {
                    for (ToolExecutionRequest call : message.toolExecutionRequests()) {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("id", call.id());
                        c.put("name", call.name());
                        c.put("arguments", call.arguments());
                        capture.toolCalls.add(c);
                    }
                }
            }
            capture.finishReason = response.finishReason() == null ? null : response.finishReason().name();
            TokenUsage usage = response.tokenUsage();
            if (usage != null) {
                capture.inputTokens = usage.inputTokenCount();
                capture.outputTokens = usage.outputTokenCount();
                capture.totalTokens = usage.totalTokenCount();
            }
        }
        return capture;
    }

    private static Map<String, Object> tool(ToolSpecification tool) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", tool.name());
        if (tool.description() != null) {
            t.put("description", tool.description());
        }
        if (tool.parameters() != null) {
            try {
                t.put("parameters", JsonSchemaElementUtils.toMap(tool.parameters()));
            } catch (RuntimeException | LinkageError e) {
                t.put("parameters", String.valueOf(tool.parameters()));
            }
        }
        return t;
    }

    /** {@code AiMessage.thinking()} exists from 1.2; older lines have no thinking text. */
    private static String thinking(AiMessage message) {
        try {
            return message.thinking();
        } catch (LinkageError e) {
            return null;
        }
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
