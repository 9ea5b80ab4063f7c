package io.traceflow.core.capture;

import java.util.Collection;
import java.util.List;

import io.traceflow.core.format.Exchange;

/**
 * What one client library must say about its LLM calls, and nothing more: how to read its request and response types
 * into the neutral form, and, for the response cache, how to keep an answer and rebuild it as the library's own type.
 * The rest (nesting, timing, errors and cancellation, async completion, streams and the time to the first token, the
 * cache decision, the step) is {@link LlmCall}'s, the same for every library. See docs/adding-a-library.md.
 *
 * <p>Implementations live in the library's plugin class loader and see its types; they hand only JDK and core types
 * to TraceFlow (never Jackson types: the library's Jackson is not TraceFlow's).
 */
public interface LlmAdapter {
    /** {@code steps.provider}: the client library, e.g. {@code openai}, {@code langchain4j}. */
    String library();

    /**
     * Reads one call into the neutral form, with the verbatim request and response JSON. Runs on the writer thread.
     *
     * @param target the object whose method was called (an SDK's service, a framework's model)
     * @param request the library's request object (for a framework call nested by the same model, the last one)
     * @param response the response, or null when none arrived (a failure, a cancellation, or a stream: see
     *     {@code chunks})
     * @param chunks what a stream handed to the app, in order (empty when not streamed)
     */
    Exchange read(String operation, Object target, Object request, Object response, List<Object> chunks);

    /**
     * What one element of a stream adds to the answer. An adapter whose library streams elements that are not
     * whole answers implements it, and its {@link #read} folds a stream's chunks with
     * {@link io.traceflow.core.format.StreamAssembly}; one that reads its stream another way (the OpenAI adapter
     * assembles the wire JSON, which is also what it stores) need not.
     */
    default io.traceflow.core.format.StreamDelta delta(Object chunk) {
        throw new UnsupportedOperationException(library() + " reads its streams whole");
    }

    /** The step's display name, e.g. {@code openai.chat gpt-4o-mini}. */
    default String stepName(String operation, Object target, Exchange exchange) {
        return library() + "." + operation + (exchange.model != null ? " " + exchange.model : "");
    }

    /**
     * Where the call went ({@code steps.base_url}, and the cache's endpoint unless {@link CacheRequest} names one),
     * read off the call's target (a service's client options, a model's configuration); null when unknown. Called
     * on the writer thread, and on the app thread only when the cache is on: it must be cheap.
     */
    default String baseUrl(Object target) {
        return null;
    }

    /** The HTTP status a failure carries, when the library reports one; else null. */
    default Integer httpStatus(Throwable error) {
        return null;
    }

    // ---- the response cache; called on the app thread unless said otherwise ----

    /** What the cache key of this request covers; null when the request cannot be cached. */
    default CacheRequest cacheRequest(String operation, Object target, Object request) {
        return null;
    }

    /** The answer to keep for a call that ended well: by default the response, or a stream's chunks. */
    default Object answer(boolean streaming, Object response, List<Object> chunks) {
        return streaming ? List.copyOf(chunks) : response;
    }

    /** An answer (what {@link #answer} returned) as the JSON stored in {@code llm_cache.response_json}; writer thread. */
    default String answerJson(String operation, boolean streaming, Object answer) {
        throw new UnsupportedOperationException(library() + " answers are not cached");
    }

    /**
     * A recorded answer as {@link #answer} made it, for a cache hit: {@code kept} (kept in memory since a live call,
     * null when read from the file) if it fits this call, else rebuilt from {@code json}.
     */
    default Object replay(String operation, boolean streaming, Object kept, String json) throws Exception {
        throw new UnsupportedOperationException(library() + " answers are not cached");
    }

    /** Reads a cache hit's replayed answer into the neutral form (writer thread). */
    default Exchange readReplayed(String operation, boolean streaming, Object target, Object request, Object answer) {
        if (streaming && answer instanceof List<?> chunks) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) chunks;
            return read(operation, target, request, null, list);
        }
        return read(operation, target, request, answer, List.of());
    }

    // ---- manual tool loops (ToolLoops) ----

    /** Ids of the tool calls an answer asks for; called on the thread that completes the call. Must be cheap. */
    default Collection<String> toolCallIdsAsked(Object response, List<Object> chunks) {
        return List.of();
    }

    /** Ids of the tool calls whose results this request sends back; called on the calling thread. Must be cheap. */
    default Collection<String> toolCallIdsAnswered(Object request) {
        return List.of();
    }
}
