package io.traceflow.instrumentation.langchain4j.v1;

import java.util.List;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;

/**
 * An {@code AiMessage} with thinking text, which LangChain4j has from 1.2. Kept apart so that on older lines only
 * this class fails to link ({@code LinkageError}), and the caller builds the message without it.
 */
final class ThinkingMessages {
    private ThinkingMessages() {
    }

    static AiMessage of(String text, String thinking, List<ToolExecutionRequest> calls) {
        AiMessage.Builder builder = AiMessage.builder().text(text).thinking(thinking);
        if (!calls.isEmpty()) {
            builder.toolExecutionRequests(calls);
        }
        return builder.build();
    }
}
