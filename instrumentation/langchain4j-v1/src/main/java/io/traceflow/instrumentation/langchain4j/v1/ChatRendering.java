package io.traceflow.instrumentation.langchain4j.v1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

import io.traceflow.core.format.langchain4j.LangChain4jShape;

/**
 * LangChain4j's request and response types as the JDK values of TraceFlow's LangChain4j shape
 * ({@link LangChain4jShape}): the request JSON (the conversation as LangChain4j's own serializer writes it,
 * parameters, tools) and the response (text, thinking, tool calls, finish reason, usage). Uses only API present in
 * every supported 1.x line; newer members are read defensively.
 */
final class ChatRendering {
    private ChatRendering() {
    }

    /**
     * The request JSON. With {@code forCacheKey}, the parameters' full text is added too: provider-specific
     * parameters (seed, logit bias, …) live in subclasses, and their text covers them all.
     */
    static String requestJson(ChatRequest request, boolean forCacheKey) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<Map<String, Object>> tools = new ArrayList<>();
        ChatRequestParameters p = request.parameters();
        String model = null;
        if (p != null) {
            model = p.modelName();
            put(parameters, "temperature", p.temperature());
            put(parameters, "top_p", p.topP());
            put(parameters, "top_k", p.topK());
            put(parameters, "max_output_tokens", p.maxOutputTokens());
            put(parameters, "frequency_penalty", p.frequencyPenalty());
            put(parameters, "presence_penalty", p.presencePenalty());
            if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
                parameters.put("stop", p.stopSequences());
            }
            if (p.toolChoice() != null) {
                parameters.put("tool_choice", p.toolChoice().toString());
            }
            if (p.responseFormat() != null) {
                parameters.put("response_format", String.valueOf(p.responseFormat()));
            }
            if (p.toolSpecifications() != null) {
                for (ToolSpecification tool : p.toolSpecifications()) {
                    tools.add(tool(tool));
                }
            }
            if (forCacheKey) {
                parameters.put("all", String.valueOf(p));
            }
        }
        return LangChain4jShape.requestJson(model, ChatMessageSerializer.messagesToJson(request.messages()),
                parameters, tools);
    }

    /** The response as TraceFlow's LangChain4j shape: {@code id, model, text, thinking, tool_calls, finish_reason, usage}. */
    static Map<String, Object> response(ChatResponse response) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "id", response.id());
        put(out, "model", response.modelName());
        AiMessage message = response.aiMessage();
        if (message != null) {
            put(out, "text", message.text());
            put(out, "thinking", thinking(message));
            if (message.hasToolExecutionRequests()) {
                List<Map<String, Object>> calls = new ArrayList<>();
                for (ToolExecutionRequest call : message.toolExecutionRequests()) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("id", call.id());
                    c.put("name", call.name());
                    c.put("arguments", call.arguments());
                    calls.add(c);
                }
                out.put("tool_calls", calls);
            }
        }
        put(out, "finish_reason", response.finishReason() == null ? null : response.finishReason().name());
        Map<String, Object> usage = new LinkedHashMap<>();
        TokenUsage tokens = response.tokenUsage();
        if (tokens != null) {
            put(usage, "input_tokens", tokens.inputTokenCount());
            put(usage, "output_tokens", tokens.outputTokenCount());
            put(usage, "total_tokens", tokens.totalTokenCount());
            put(usage, "cached_tokens", TokenDetails.cacheRead(tokens));
            put(usage, "cache_creation_tokens", TokenDetails.cacheCreation(tokens));
            put(usage, "reasoning_tokens", TokenDetails.reasoning(tokens));
        }
        out.put("usage", usage);
        return out;
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
    static String thinking(AiMessage message) {
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
