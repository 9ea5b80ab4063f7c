package io.traceflow.instrumentation.langchain4j.v1;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import io.traceflow.core.capture.CacheRequest;
import io.traceflow.core.capture.LlmAdapter;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.langchain4j.LangChain4jShape;

/**
 * LangChain4j chat models, blocking and streaming, read and rebuilt: a {@code ChatRequest} and a
 * {@code ChatResponse} become TraceFlow's LangChain4j shape ({@link LangChain4jShape}), whose messages are
 * LangChain4j's own serializer JSON, and the neutral form is read from that. The cache keeps the answer with its
 * metadata ({@link RecordedAnswers}): a hit drives an AI Service's tool loop exactly like the live answer.
 *
 * <p>The call's target is the model: its class names the step, and with its base URL, the cache's endpoint.
 */
final class LangChainChatAdapter implements LlmAdapter {
    static final LangChainChatAdapter INSTANCE = new LangChainChatAdapter();

    private LangChainChatAdapter() {
    }

    @Override
    public String library() {
        return "langchain4j";
    }

    @Override
    public Exchange read(String operation, Object model, Object request, Object response, List<Object> chunks) {
        Exchange exchange = new Exchange();
        if (request instanceof ChatRequest chatRequest) {
            exchange.requestJson = ChatRendering.requestJson(chatRequest, false);
            LangChain4jShape.readRequest(exchange.requestJson, exchange);
        }
        ChatResponse answer = response instanceof RecordedAnswers.Stream stream ? stream.response()
                : response instanceof ChatResponse r ? r : null;
        if (answer != null) {
            exchange.responseJson = NeutralJson.toJson(ChatRendering.response(answer));
            LangChain4jShape.readResponse(exchange.responseJson, exchange);
        }
        exchange.attributes.put("model_class", model.getClass().getName());
        return exchange;
    }

    @Override
    public String stepName(String operation, Object model, Exchange exchange) {
        return model.getClass().getSimpleName() + (exchange.model != null ? " " + exchange.model : "");
    }

    @Override
    public String baseUrl(Object model) {
        return ModelEndpoints.baseUrl(model);
    }

    @Override
    public Integer httpStatus(Throwable error) {
        return HttpStatuses.of(error);
    }

    // ---- the response cache ----

    /**
     * The key covers the endpoint (the model class and, where the provider module keeps one, its base URL), the
     * conversation as LangChain4j serializes it, the tools and all request parameters.
     */
    @Override
    public CacheRequest cacheRequest(String operation, Object model, Object request) {
        ChatRequest chatRequest = (ChatRequest) request;
        Double temperature = chatRequest.parameters() == null ? null : chatRequest.parameters().temperature();
        String modelName = chatRequest.parameters() == null ? null : chatRequest.parameters().modelName();
        return new CacheRequest(ModelEndpoints.endpoint(model), ChatRendering.requestJson(chatRequest, true),
                temperature, modelName, lastUserText(chatRequest));
    }

    /** A streamed answer is kept with its partial texts (the chunks of a LangChain4j stream), to replay them. */
    @Override
    public Object answer(boolean streaming, Object response, List<Object> chunks) {
        if (!(response instanceof ChatResponse chatResponse)) {
            return null;
        }
        if (!streaming) {
            return chatResponse;
        }
        List<String> partials = new ArrayList<>(chunks.size());
        chunks.forEach(c -> partials.add(String.valueOf(c)));
        return new RecordedAnswers.Stream(chatResponse, List.copyOf(partials));
    }

    @Override
    public String answerJson(String operation, boolean streaming, Object answer) {
        return answer instanceof RecordedAnswers.Stream stream ? RecordedAnswers.json(stream.response(), stream.partials())
                : RecordedAnswers.json((ChatResponse) answer, List.of());
    }

    @Override
    public Object replay(String operation, boolean streaming, Object kept, String json) {
        if (streaming ? kept instanceof RecordedAnswers.Stream : kept instanceof ChatResponse) {
            return kept;
        }
        if (kept != null) { // recorded by a stream, asked blocking (or the other way round)
            ChatResponse response = kept instanceof RecordedAnswers.Stream s ? s.response() : (ChatResponse) kept;
            return streaming ? new RecordedAnswers.Stream(response, List.of()) : response;
        }
        ChatResponse response = RecordedAnswers.response(json);
        return streaming ? new RecordedAnswers.Stream(response, RecordedAnswers.partials(json)) : response;
    }

    @Override
    public Exchange readReplayed(String operation, boolean streaming, Object model, Object request, Object answer) {
        return read(operation, model, request, answer, List.of());
    }

    // ---- manual tool loops ----

    @Override
    public Collection<String> toolCallIdsAsked(Object response, List<Object> chunks) {
        ChatResponse answer = response instanceof RecordedAnswers.Stream stream ? stream.response()
                : response instanceof ChatResponse r ? r : null;
        List<String> ids = new ArrayList<>();
        if (answer != null && answer.aiMessage() != null && answer.aiMessage().hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : answer.aiMessage().toolExecutionRequests()) {
                ids.add(call.id());
            }
        }
        return ids;
    }

    @Override
    public Collection<String> toolCallIdsAnswered(Object request) {
        List<String> ids = new ArrayList<>();
        if (request instanceof ChatRequest chatRequest) {
            List<ChatMessage> messages = chatRequest.messages();
            for (int i = messages.size() - 1; i >= 0 && messages.get(i) instanceof ToolExecutionResultMessage; i--) {
                ids.add(((ToolExecutionResultMessage) messages.get(i)).id());
            }
        }
        return ids;
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
