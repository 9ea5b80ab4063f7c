package io.traceflow.instrumentation.langchain4j.v1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import io.traceflow.core.format.NeutralJson;

/**
 * LangChain4j chat answers as the response cache keeps them, and back: the response in TraceFlow's LangChain4j shape
 * ({@link ChatRendering#response}), the streamed partial texts (replayed in order), and a {@link BeanSnapshot} of the
 * response metadata, so a hit returns the provider module's own metadata and token usage types
 * ({@code OpenAiChatResponseMetadata}, {@code OpenAiTokenUsage}, …) with their values, exactly as the live answer did.
 */
final class RecordedAnswers {
    /** A streamed answer as kept in memory: the complete response and the partial texts in order. */
    record Stream(ChatResponse response, List<String> partials) {
    }

    private RecordedAnswers() {
    }

    static String json(ChatResponse response, List<String> partials) {
        Map<String, Object> answer = new LinkedHashMap<>(ChatRendering.response(response));
        if (!partials.isEmpty()) {
            answer.put("partials", partials);
        }
        Map<String, Object> metadata = BeanSnapshot.of(response.metadata());
        if (metadata != null) {
            answer.put("metadata", metadata);
        }
        return NeutralJson.toJson(answer);
    }

    /** The partial texts of a recorded stream. */
    @SuppressWarnings("unchecked")
    static List<String> partials(String json) {
        Object answer = NeutralJson.fromJson(json);
        List<String> out = new ArrayList<>();
        if (answer instanceof Map<?, ?> map && map.get("partials") instanceof List<?> list) {
            list.forEach(p -> out.add(String.valueOf(p)));
        }
        return out;
    }

    /** The recorded answer as the ChatResponse LangChain4j would have built, with the provider's metadata type. */
    @SuppressWarnings("unchecked")
    static ChatResponse response(String json) {
        Map<String, Object> answer = (Map<String, Object>) NeutralJson.fromJson(json);
        if (answer == null) {
            throw new IllegalArgumentException("not a recorded LangChain4j answer");
        }
        String text = (String) answer.get("text");
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (Map<String, Object> call : (List<Map<String, Object>>) answer.getOrDefault("tool_calls", List.of())) {
            calls.add(ToolExecutionRequest.builder().id((String) call.get("id")).name((String) call.get("name"))
                    .arguments((String) call.get("arguments")).build());
        }
        AiMessage message = message(text, (String) answer.get("thinking"), calls);
        ChatResponse.Builder builder = ChatResponse.builder().aiMessage(message);
        ChatResponseMetadata metadata = metadata(answer.get("metadata"));
        if (metadata != null) {
            return builder.metadata(metadata).build();
        }
        // Recorded before metadata was kept, or its class is gone: the common fields.
        builder.id((String) answer.get("id")).modelName((String) answer.get("model"));
        Map<String, Object> usage = (Map<String, Object>) answer.getOrDefault("usage", Map.of());
        Integer in = integer(usage.get("input_tokens"));
        Integer out = integer(usage.get("output_tokens"));
        if (in != null || out != null) {
            builder.tokenUsage(new TokenUsage(in, out, integer(usage.get("total_tokens"))));
        }
        Object finish = answer.get("finish_reason");
        if (finish != null) {
            try {
                builder.finishReason(FinishReason.valueOf(String.valueOf(finish)));
            } catch (IllegalArgumentException unknownInThisVersion) {
                // leave it unset rather than guess
            }
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static ChatResponseMetadata metadata(Object snapshot) {
        if (!(snapshot instanceof Map<?, ?> map)) {
            return null;
        }
        try {
            Object built = BeanSnapshot.build((Map<String, Object>) map, ChatResponse.class.getClassLoader(),
                    ChatResponseMetadata.class);
            return built instanceof ChatResponseMetadata m ? m : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static AiMessage message(String text, String thinking, List<ToolExecutionRequest> calls) {
        if (thinking != null) {
            try {
                return ThinkingMessages.of(text, thinking, calls);
            } catch (LinkageError olderLangChain4j) {
                // 1.0.x and 1.1.x have no thinking text on AiMessage
            }
        }
        return calls.isEmpty() ? AiMessage.from(text == null ? "" : text)
                : text == null ? AiMessage.from(calls) : AiMessage.from(text, calls);
    }

    private static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }
}
