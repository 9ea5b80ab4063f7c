package io.traceflow.instrumentation.openai.v4;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponsesModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;

import io.traceflow.core.capture.CacheRequest;
import io.traceflow.core.capture.LlmAdapter;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.openai.OpenAiWire;
import io.traceflow.schema.Operations;

/**
 * The OpenAI Java SDK's types, read and rebuilt. The SDK's own mapper writes requests, responses and stream chunks as
 * the API's wire JSON (never headers, so never the API key), which {@link OpenAiWire} reads into the neutral form;
 * the same mapper reads a recorded answer back, so a replayed {@code ChatCompletion} equals the recorded one. A
 * stream is recorded as its chunks and replayed chunk by chunk.
 */
final class OpenAiAdapter implements LlmAdapter {
    static final OpenAiAdapter INSTANCE = new OpenAiAdapter();

    private OpenAiAdapter() {
    }

    @Override
    public String library() {
        return "openai";
    }

    @Override
    public Exchange read(String operation, Object service, Object params, Object response, List<Object> chunks) {
        ObjectMapper mapper = ObjectMappers.jsonMapper();
        List<String> chunkJsons = null;
        if (!chunks.isEmpty()) {
            chunkJsons = new ArrayList<>(chunks.size());
            for (Object chunk : chunks) {
                chunkJsons.add(writeJson(mapper, chunk));
            }
        }
        return OpenAiWire.read(operation, writeJson(mapper, requestBody(params)), writeJson(mapper, response),
                chunkJsons);
    }

    @Override
    public String baseUrl(Object service) {
        return ClientBaseUrl.of(service);
    }

    @Override
    public Integer httpStatus(Throwable error) {
        return error instanceof OpenAIServiceException serviceError ? serviceError.statusCode() : null;
    }

    // ---- the response cache ----

    @Override
    public CacheRequest cacheRequest(String operation, Object service, Object params) {
        String json = writeJson(ObjectMappers.jsonMapper(), requestBody(params));
        if (json == null) {
            return null;
        }
        // The endpoint is the service's base URL (LlmCall's).
        return new CacheRequest(null, json, temperature(params), modelOf(params), lastUserText(params));
    }

    @Override
    public String answerJson(String operation, boolean streaming, Object answer) {
        ObjectMapper mapper = ObjectMappers.jsonMapper();
        try {
            if (answer instanceof List<?> chunks) {
                StringBuilder out = new StringBuilder("[");
                for (Object chunk : chunks) {
                    if (out.length() > 1) {
                        out.append(',');
                    }
                    out.append(mapper.writeValueAsString(chunk));
                }
                return out.append(']').toString();
            }
            return mapper.writeValueAsString(answer);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public Object replay(String operation, boolean streaming, Object kept, String json) throws Exception {
        if (kept != null) {
            return kept;
        }
        ObjectMapper mapper = ObjectMappers.jsonMapper();
        if (streaming) {
            Class<?> type = Operations.RESPONSES.equals(operation) ? ResponseStreamEvent.class
                    : ChatCompletionChunk.class;
            List<Object> chunks = new ArrayList<>();
            for (JsonNode node : mapper.readTree(json)) {
                chunks.add(mapper.treeToValue(node, type));
            }
            return List.copyOf(chunks);
        }
        Class<?> type = switch (operation) {
            case Operations.RESPONSES -> Response.class;
            case Operations.EMBEDDINGS -> CreateEmbeddingResponse.class;
            default -> ChatCompletion.class;
        };
        return mapper.readValue(json, type);
    }

    // ---- manual tool loops ----

    @Override
    public Collection<String> toolCallIdsAsked(Object response, List<Object> chunks) {
        List<String> ids = new ArrayList<>();
        if (response instanceof ChatCompletion completion) {
            completion.choices().forEach(choice -> choice.message().toolCalls().ifPresent(calls ->
                    calls.forEach(call -> call.function().ifPresent(f -> ids.add(f.id())))));
        } else if (response instanceof Response r) {
            r.output().forEach(item -> item.functionCall().ifPresent(call -> ids.add(call.callId())));
        }
        for (Object chunk : chunks) {
            if (chunk instanceof ChatCompletionChunk c) {
                c.choices().forEach(choice -> choice.delta().toolCalls().ifPresent(calls ->
                        calls.forEach(call -> call.id().ifPresent(ids::add))));
            } else if (chunk instanceof ResponseStreamEvent event) {
                // Each output item is done once (response.completed repeats them all, but not every stream ends so).
                event.outputItemDone().ifPresent(done -> done.item().functionCall()
                        .ifPresent(call -> ids.add(call.callId())));
            }
        }
        return ids;
    }

    /** The results of tools sent back: the tool messages (or function call outputs) at the end of the request. */
    @Override
    public Collection<String> toolCallIdsAnswered(Object params) {
        List<String> ids = new ArrayList<>();
        if (params instanceof ChatCompletionCreateParams p) {
            List<ChatCompletionMessageParam> messages = p.messages();
            for (int i = messages.size() - 1; i >= 0 && messages.get(i).isTool(); i--) {
                ids.add(messages.get(i).asTool().toolCallId());
            }
        } else if (params instanceof ResponseCreateParams p && p.input().isPresent() && p.input().get().isResponse()) {
            List<ResponseInputItem> items = p.input().get().asResponse();
            for (int i = items.size() - 1; i >= 0 && items.get(i).isFunctionCallOutput(); i--) {
                items.get(i).asFunctionCallOutput().callId().ifPresent(ids::add);
            }
        }
        return ids;
    }

    // ---- reading the params ----

    static Object requestBody(Object params) {
        if (params instanceof ChatCompletionCreateParams p) {
            return p._body();
        }
        if (params instanceof ResponseCreateParams p) {
            return p._body();
        }
        if (params instanceof EmbeddingCreateParams p) {
            return p._body();
        }
        return null;
    }

    static String modelOf(Object params) {
        if (params instanceof ChatCompletionCreateParams p) {
            return p.model().asString();
        }
        if (params instanceof ResponseCreateParams p) {
            return p.model().map(OpenAiAdapter::name).orElse(null);
        }
        if (params instanceof EmbeddingCreateParams p) {
            return p.model().asString();
        }
        return null;
    }

    /** The Responses API's model is a union (a name, a chat model, a Responses-only model), whose toString is not it. */
    private static String name(ResponsesModel model) {
        return model.isString() ? model.asString() : model.isChat() ? model.asChat().asString()
                : model.isOnly() ? model.asOnly().asString() : String.valueOf(model);
    }

    /** Temperature when set explicitly; null means the provider's default (not deterministic). */
    private static Double temperature(Object params) {
        if (params instanceof ChatCompletionCreateParams p) {
            return p.temperature().orElse(null);
        }
        if (params instanceof ResponseCreateParams p) {
            return p.temperature().orElse(null);
        }
        if (params instanceof EmbeddingCreateParams) {
            return 0.0; // embeddings are deterministic
        }
        return null;
    }

    private static String lastUserText(Object params) {
        try {
            if (params instanceof ChatCompletionCreateParams p) {
                String last = null;
                for (var message : p.messages()) {
                    if (message.isUser()) {
                        last = message.asUser().content().isText() ? message.asUser().content().asText()
                                : String.valueOf(message.asUser().content());
                    }
                }
                return last;
            }
            if (params instanceof ResponseCreateParams p) {
                return p.input().map(in -> in.isText() ? in.asText() : String.valueOf(in)).orElse(null);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return String.valueOf(params);
    }

    private static String writeJson(ObjectMapper mapper, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            return null;
        }
    }
}
