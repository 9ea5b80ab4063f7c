package com.openai.services.blocking.chat;

import java.util.function.Consumer;

import com.openai.core.ClientOptions;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionDeleteParams;
import com.openai.models.chat.completions.ChatCompletionDeleted;
import com.openai.models.chat.completions.ChatCompletionListPage;
import com.openai.models.chat.completions.ChatCompletionListParams;
import com.openai.models.chat.completions.ChatCompletionRetrieveParams;
import com.openai.models.chat.completions.ChatCompletionUpdateParams;

/**
 * Benchmark fixture, not SDK code: a chat completions service whose {@code create} returns a prepared answer at
 * once. It lives in the SDK's services package and implements the SDK's interface, so TraceFlow's agent hooks it
 * exactly like {@code ChatCompletionServiceImpl}; with the SDK's own work gone, what a call costs under the agent
 * is the agent's path alone (AgentOverheadBenchmark.agentPathPaced).
 */
public final class BenchStubChatCompletionService implements ChatCompletionService {
    private final ChatCompletion answer;

    public BenchStubChatCompletionService(ChatCompletion answer) {
        this.answer = answer;
    }

    @Override
    public ChatCompletion create(ChatCompletionCreateParams params, RequestOptions requestOptions) {
        return answer;
    }

    @Override
    public WithRawResponse withRawResponse() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChatCompletionService withOptions(Consumer<ClientOptions.Builder> modifier) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StreamResponse<ChatCompletionChunk> createStreaming(ChatCompletionCreateParams params,
            RequestOptions requestOptions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChatCompletion retrieve(ChatCompletionRetrieveParams params, RequestOptions requestOptions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChatCompletion update(ChatCompletionUpdateParams params, RequestOptions requestOptions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChatCompletionListPage list(ChatCompletionListParams params, RequestOptions requestOptions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChatCompletionDeleted delete(ChatCompletionDeleteParams params, RequestOptions requestOptions) {
        throw new UnsupportedOperationException();
    }
}
