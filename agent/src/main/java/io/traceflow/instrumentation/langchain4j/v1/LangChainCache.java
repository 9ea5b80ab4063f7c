package io.traceflow.instrumentation.langchain4j.v1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import io.traceflow.core.cache.CacheLookup;
import io.traceflow.core.capture.ChatCapture;
import io.traceflow.core.capture.ChatPayloads;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * The response cache for LangChain4j chat models. The key covers the endpoint (the model class and, where the
 * provider module keeps one, its base URL), the conversation as LangChain4j serializes it, the tools and all
 * request parameters. A hit rebuilds a {@code ChatResponse} with the recorded text, tool calls, finish reason, token
 * usage, id and model, which drives an AI Service's tool loop exactly like the live answer.
 */
final class LangChainCache {
    private LangChainCache() {
    }

    static CacheLookup lookup(TraceFlowRuntime runtime, Object model, ChatRequest request, String operation) {
        ChatCapture capture = ChatRendering.capture(request, null);
        if (request.parameters() != null) {
            // Provider-specific parameters (seed, logit bias, …) live in subclasses: their text covers them all.
            capture.parameters.put("all", String.valueOf(request.parameters()));
        }
        Double temperature = request.parameters() == null ? null : request.parameters().temperature();
        return runtime.cache().lookup("langchain4j", operation, ModelEndpoints.endpoint(model),
                ChatPayloads.requestJson(capture), temperature);
    }

    /** What the cache stores for an answer (with the streamed partial texts, if any). */
    static String answerJson(ChatResponse response, List<String> partials) {
        ChatCapture capture = ChatRendering.capture(null, response);
        capture.partials.addAll(partials);
        return ChatPayloads.responseJson(capture);
    }

    /** The recorded answer, as the ChatResponse LangChain4j would have built. */
    static ChatResponse response(ChatCapture recorded) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (Map<String, Object> call : recorded.toolCalls) {
            calls.add(ToolExecutionRequest.builder().id((String) call.get("id")).name((String) call.get("name"))
                    .arguments((String) call.get("arguments")).build());
        }
        AiMessage message = calls.isEmpty() ? AiMessage.from(recorded.text == null ? "" : recorded.text)
                : recorded.text == null ? AiMessage.from(calls) : AiMessage.from(recorded.text, calls);
        ChatResponse.Builder builder = ChatResponse.builder().aiMessage(message).id(recorded.responseId)
                .modelName(recorded.responseModel);
        if (recorded.inputTokens != null || recorded.outputTokens != null) {
            builder.tokenUsage(new TokenUsage(recorded.inputTokens, recorded.outputTokens, recorded.totalTokens));
        }
        if (recorded.finishReason != null) {
            try {
                builder.finishReason(FinishReason.valueOf(recorded.finishReason));
            } catch (IllegalArgumentException unknownInThisVersion) {
                // leave it unset rather than guess
            }
        }
        return builder.build();
    }

    static String lastUserText(ChatRequest request) {
        String last = null;
        for (ChatMessage message : request.messages()) {
            if (message instanceof UserMessage user) {
                last = user.hasSingleText() ? user.singleText() : String.valueOf(user.contents());
            }
        }
        return last;
    }
}
