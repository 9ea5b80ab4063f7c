package io.traceflow.core.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.traceflow.bootstrap.CacheReplayMissException;
import io.traceflow.core.cache.CacheEntry;
import io.traceflow.core.cache.CacheLookup;
import io.traceflow.core.cache.CacheMode;
import io.traceflow.core.cache.ResponseCache;
import io.traceflow.schema.Statuses;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * One LLM call, from the moment its hooked method is entered to the moment its answer is complete, the same for
 * every library: at once for a blocking call, when the future completes for an async one, when the stream is
 * exhausted, fails or is closed for a streaming one. It owns
 * <ul>
 *   <li>nesting ({@link Nesting}): a call inside a call with the same key is that call, not a second step; one with
 *       another key is a child step (its frame is open while the hooked method runs);</li>
 *   <li>timing: start, end, and the time to the first chunk of a stream;</li>
 *   <li>the outcome, exactly once whatever comes first: {@link #end}, {@link #fail}, {@link #cancel}, or a future
 *       ({@link #completeWith});</li>
 *   <li>the response cache ({@link #consultCache}): one decision before the call, one meaning of
 *       {@code latency_ms} (the time the app waited, from entering the method to the answer) and of {@code saved_ms}
 *       (the recorded call's own latency);</li>
 *   <li>manual tool loops ({@link ToolLoops}), and the step ({@link LlmStepEvent}), built on the writer thread.</li>
 * </ul>
 * The library adapter ({@link LlmAdapter}) only reads its types and rebuilds recorded answers.
 */
public final class LlmCall {
    final TraceFlowRuntime runtime;
    final LlmAdapter adapter;
    final String operation;
    final boolean streaming;
    /** The object whose method was called: an SDK's service, a framework's model. */
    final Object target;
    final StepScope scope;
    private final Nesting.Entry nesting;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Model calls made inside this one with another key (an SDK under a framework's model): see StepAttributes. */
    final AtomicInteger modelCallsInside = new AtomicInteger();
    private final List<Object> chunks = new ArrayList<>();
    private volatile Object request;
    private volatile long firstChunkNanos;
    /** Read-write mode: the miss whose answer is stored when the call succeeds, and what it asked. */
    private volatile CacheLookup storeOnSuccess;
    private volatile CacheRequest cacheRequest;

    private LlmCall(TraceFlowRuntime runtime, LlmAdapter adapter, String operation, boolean streaming,
            Object nestingKey, Object target, Object request) {
        this.runtime = runtime;
        this.target = target;
        this.adapter = adapter;
        this.operation = operation;
        this.streaming = streaming;
        this.request = request;
        // Outside any root, a call sending back the result of a tool a recent call asked for continues its loop.
        Collection<String> answered = TraceContext.current() == null && !ToolLoops.isEmpty()
                ? answeredToolCalls(runtime, adapter, request) : null;
        this.scope = StepScope.start(true, answered);
        if (Nesting.innermost() instanceof LlmCall outer) {
            outer.modelCallsInside.incrementAndGet(); // one LLM request, counted once: on this inner call
        }
        this.nesting = Nesting.enter(nestingKey, this);
    }

    /**
     * Starts a call on the calling thread; null when it is not recorded: the agent is off, or the innermost active
     * call has the same nesting key (then it is part of that call: see {@link #enclosing}).
     *
     * @param nestingKey what makes two calls one: the library name for an SDK's service calls, the model instance
     *     for a framework's model
     * @param target the object whose method was called, handed back to the adapter (on the writer thread)
     */
    public static LlmCall start(LlmAdapter adapter, String operation, boolean streaming, Object nestingKey,
            Object target, Object request) {
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime == null || Nesting.enclosing(nestingKey) != null) {
            return null;
        }
        return new LlmCall(runtime, adapter, operation, streaming, nestingKey, target, request);
    }

    private static Collection<String> answeredToolCalls(TraceFlowRuntime runtime, LlmAdapter adapter, Object request) {
        try {
            return adapter.toolCallIdsAnswered(request);
        } catch (RuntimeException | LinkageError e) {
            runtime.adviceError(e); // the call is still recorded, in a trace of its own
            return null;
        }
    }

    /** The call a call with this key is part of (the innermost active one, when it has the key), or null. */
    public static LlmCall enclosing(Object nestingKey) {
        return Nesting.enclosing(nestingKey) instanceof LlmCall call ? call : null;
    }

    /**
     * Replaces the request this call records: a framework model's inner method sees the request merged with the
     * model's defaults, which is what was really sent.
     */
    public void updateRequest(Object merged) {
        this.request = merged;
    }

    public Object request() {
        return request;
    }

    public boolean streaming() {
        return streaming;
    }

    /** The trace frame that was current when the call started: a stream's callbacks run in it. */
    public TraceContext.Frame callersFrame() {
        return scope.parentFrame();
    }

    /** The hooked method returned or threw on the calling thread: its nesting and its frame end here. */
    public void exitMethod() {
        Nesting.leave(nesting);
        scope.closeFrame();
    }

    /** Entering failed half-way (an adapter error): undo the thread state and record nothing. */
    public void abandon() {
        finished.set(true);
        exitMethod();
    }

    // ---- streams ----

    /** A stream handed an element to the app: the first one sets the time to the first token. */
    public void chunk(Object chunk) {
        firstToken();
        synchronized (chunks) {
            chunks.add(chunk);
        }
    }

    /** Something arrived (a token, a thinking delta, a partial tool call) that is not kept. */
    public void firstToken() {
        if (firstChunkNanos == 0) {
            firstChunkNanos = System.nanoTime();
        }
    }

    /** Whether a successful answer will be stored in the cache (so a stream's parts are worth keeping). */
    public boolean storesAnswer() {
        return storeOnSuccess != null;
    }

    // ---- outcomes: the first one counts ----

    /** The answer is complete: the response, or, for a stream, null (its chunks are the answer). */
    public void end(Object response) {
        finish(response, null, Statuses.OK);
    }

    public void fail(Throwable error) {
        finish(null, unwrap(error), Statuses.ERROR);
    }

    /** The app closed a stream or cancelled a future before the answer was complete. */
    public void cancel() {
        finish(null, null, Statuses.CANCELLED);
    }

    /** Ends with the future: its value, its failure, or its cancellation. The future is not changed. */
    public void completeWith(CompletableFuture<?> future) {
        future.whenComplete((value, error) -> {
            if (error instanceof CancellationException || future.isCancelled()) {
                cancel();
            } else if (error != null) {
                fail(error);
            } else {
                end(value);
            }
        });
    }

    public boolean isFinished() {
        return finished.get();
    }

    private void finish(Object response, Throwable error, String status) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        long end = System.nanoTime();
        List<Object> streamed;
        synchronized (chunks) {
            streamed = chunks.isEmpty() ? List.of() : List.copyOf(chunks);
        }
        runtime.record(new LlmStepEvent(this, request, response, streamed, error, status, end, firstChunkNanos));
        if (error != null || !Statuses.OK.equals(status)) {
            return;
        }
        // This runs on whichever thread completes the call (the app's, while it iterates a stream or parses a
        // response): the adapter's reading must never reach it.
        try {
            if (scope.topOfOwnTrace()) {
                scope.askedForTools(adapter.toolCallIdsAsked(response, streamed));
            }
            CacheLookup miss = storeOnSuccess;
            if (miss != null) {
                Object answer = adapter.answer(streaming, response, streamed);
                if (answer != null && !(answer instanceof List<?> list && list.isEmpty())) {
                    CacheRequest asked = cacheRequest;
                    runtime.cache().store(miss, adapter.library(), cacheOperation(),
                            asked == null ? null : asked.model(), answer,
                            () -> adapter.answerJson(operation, streaming, answer), (end - scope.startNanos()) / 1e6);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            runtime.adviceError(e);
        }
    }

    // ---- the response cache ----

    /**
     * Looks the call up before it runs (the one database read an app thread may do). A hit and a strict-replay miss
     * are recorded here; a read-write miss stores the answer when the call succeeds. An entry the adapter cannot
     * rebuild is treated as a miss: the call goes live, or, under strict replay, fails without a network call.
     */
    public CacheDecision consultCache() {
        ResponseCache cache = runtime.cache();
        if (!cache.enabled()) {
            return CacheDecision.LIVE;
        }
        CacheRequest asked = adapter.cacheRequest(operation, target, request);
        if (asked == null) {
            return CacheDecision.LIVE;
        }
        cacheRequest = asked;
        CacheLookup lookup = cache.lookup(adapter.library(), cacheOperation(),
                asked.endpoint() != null ? asked.endpoint() : adapter.baseUrl(target), asked.requestJson(),
                asked.temperature());
        if (lookup.hit()) {
            CacheEntry entry = lookup.entry();
            try {
                Object answer = adapter.replay(operation, streaming, entry.answer(),
                        entry.answer() == null ? entry.answerJson().get() : null);
                if (entry.answer() == null) {
                    cache.remember(entry.withAnswer(answer)); // the next hit skips the parsing
                }
                recordHit(answer, entry.originalLatencyMs());
                return new CacheDecision.Hit(answer);
            } catch (Exception | LinkageError e) {
                runtime.adviceError(e); // an unreadable entry: the call goes live, except under strict replay
                if (cache.mode() == CacheMode.REPLAY) {
                    return refuse(new CacheReplayMissException("TraceFlow replay: the recorded answer for "
                            + cacheOperation() + " with model " + asked.model() + " (cache key " + lookup.key()
                            + ") cannot be read: " + e + ". No network call was made. Delete the entry from"
                            + " llm_cache and record it again with -Dtraceflow.cache=read-write."));
                }
            }
        }
        if (lookup.miss() && cache.mode() == CacheMode.REPLAY) {
            return refuse(new CacheReplayMissException(cache.replayMissMessage(cacheOperation(), asked.model(), lookup,
                    asked.lastUserText())));
        }
        if (lookup.miss() && cache.mode().stores()) {
            storeOnSuccess = lookup;
        }
        return CacheDecision.LIVE;
    }

    /**
     * For a call the cache can never answer (a raw HTTP response): under strict replay it must still not reach the
     * network, so it fails with {@code why}; otherwise it runs.
     */
    public CacheDecision refuseInReplay(String why) {
        if (runtime.cache().mode() != CacheMode.REPLAY) {
            return CacheDecision.LIVE;
        }
        return refuse(new CacheReplayMissException(why));
    }

    private CacheDecision refuse(CacheReplayMissException error) {
        fail(error);
        return new CacheDecision.ReplayMiss(error);
    }

    private void recordHit(Object answer, double originalLatencyMs) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        runtime.record(new LlmStepEvent(this, request, answer, originalLatencyMs, System.nanoTime()));
        if (!scope.topOfOwnTrace()) {
            return;
        }
        try {
            if (streaming && answer instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> replayed = (List<Object>) list;
                scope.askedForTools(adapter.toolCallIdsAsked(null, replayed));
            } else {
                scope.askedForTools(adapter.toolCallIdsAsked(answer, List.of()));
            }
        } catch (RuntimeException | LinkageError e) {
            runtime.adviceError(e);
        }
    }

    /** The cache's operation: a stream is recorded apart ({@code chat.stream}), as it is replayed chunk by chunk. */
    String cacheOperation() {
        return streaming ? operation + ".stream" : operation;
    }

    /** The failure itself, not the wrappers a future or an executor adds around it. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
