package io.traceflow.instrumentation.openai.v4;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

import io.traceflow.core.cache.CacheEntry;

/**
 * Turns SDK objects into what the cache stores and back: the SDK's own mapper writes and reads the wire JSON, so a
 * replayed {@code ChatCompletion} equals the recorded one. A stream is stored as the JSON array of its chunks and
 * replayed chunk by chunk.
 */
final class OpenAiCache {
    private OpenAiCache() {
    }

    static String cacheOperation(String operation, boolean streaming) {
        return streaming ? operation + ".stream" : operation;
    }

    /** The request body as sent, for the key; null when the params type is unknown. */
    static String requestJson(Object params) {
        Object body = OpenAiStepEvent.requestBody(params);
        if (body == null) {
            return null;
        }
        try {
            return ObjectMappers.jsonMapper().writeValueAsString(body);
        } catch (Exception e) {
            return null;
        }
    }

    /** Temperature when set explicitly; null means the provider's default (not deterministic). */
    static Double temperature(Object params) {
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

    /** The answer to store: the response, or a copy of the stream's chunks. */
    static String answerJson(Object answer) {
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

    /** The recorded answer as the SDK type the call returns (a list of chunks for streams). */
    static Object answer(CacheEntry entry, String operation, boolean streaming) throws Exception {
        if (entry.answer() != null) {
            return entry.answer();
        }
        ObjectMapper mapper = ObjectMappers.jsonMapper();
        String json = entry.answerJson().get();
        if (streaming) {
            Class<?> type = operation.equals("responses") ? ResponseStreamEvent.class : ChatCompletionChunk.class;
            List<Object> chunks = new ArrayList<>();
            for (JsonNode node : mapper.readTree(json)) {
                chunks.add(mapper.treeToValue(node, type));
            }
            return List.copyOf(chunks);
        }
        Class<?> type = switch (operation) {
            case "responses" -> Response.class;
            case "embeddings" -> CreateEmbeddingResponse.class;
            default -> ChatCompletion.class;
        };
        return mapper.readValue(json, type);
    }

    /** What the hooked method returns for a recorded answer. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object returnValue(Object answer, boolean async, boolean streaming) {
        if (streaming) {
            List chunks = (List) answer;
            return async ? new ReplayedAsyncStreamResponse<>(chunks) : new ReplayedStreamResponse<>(chunks);
        }
        return async ? CompletableFuture.completedFuture(answer) : answer;
    }
}
