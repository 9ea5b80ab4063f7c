package io.traceflow.benchmarks.agent;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/** A user-written ChatModel that answers at once with a prepared response: no network, no provider module. */
public final class InstantChatModel implements ChatModel {
    private final ChatResponse answer;

    public InstantChatModel(String text) {
        this.answer = ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName("instant")
                .tokenUsage(new TokenUsage(256, 256, 512)).finishReason(FinishReason.STOP).build();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return answer;
    }
}
