package io.traceflow.core.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.bootstrap.CacheReplayMissException;

/** The cache decision before a call (traceflow.cache), through a real runtime and file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LlmCallCacheTest {
    static final String URL = "http://localhost:1/v1";

    @TempDir
    Path dir;
    final FakeAdapter adapter = new FakeAdapter();
    final Object service = new Object();
    TestRuntime tf;

    private TestRuntime start(String mode) {
        tf = TestRuntime.start(dir.resolve("traceflow.db"), "traceflow.cache", mode);
        return tf;
    }

    @AfterEach
    void stop() {
        if (tf != null) {
            tf.stop();
        }
        assertThat(TraceContext.current()).isNull();
    }

    private LlmCall call(Object request) {
        return LlmCall.start(adapter, "chat", false, "fake", service, request);
    }

    private LlmCall stream(Object request) {
        return LlmCall.start(adapter, "chat", true, "fake", service, request);
    }

    /** A live call: the cache is asked first, the library answers. */
    private void live(String request, String answer) {
        LlmCall call = call(request);
        assertThat(call.consultCache()).isEqualTo(CacheDecision.LIVE);
        LlmScopes.blocking(call).exit(answer, null);
    }

    /** A call the cache answers: what the hooked method returns instead of calling the library. */
    private Object hit(String request) {
        LlmCall call = call(request);
        CacheDecision decision = call.consultCache();
        assertThat(decision).isInstanceOf(CacheDecision.Hit.class);
        Object answer = ((CacheDecision.Hit) decision).answer();
        return LlmScopes.answered(call, answer).exit(null, null);
    }

    @Test
    void readWriteStoresTheAnswerAndARepeatIsAHit() throws Exception {
        start("read-write");
        live("What is 2+2?", "4");

        Object returned = hit("What is 2+2?");
        tf.stop();

        assertThat(returned).isEqualTo("4");
        List<Map<String, Object>> steps = tf.rows("SELECT * FROM steps ORDER BY started_at, seq");
        assertThat(steps).hasSize(2);
        Map<String, Object> original = steps.get(0);
        Map<String, Object> replayed = steps.get(1);
        assertThat(original).containsEntry("cache_hit", 0);
        assertThat(original.get("saved_ms")).isNull();
        assertThat(replayed).containsEntry("cache_hit", 1).containsEntry("status", "ok").containsEntry("output_text", "4")
                .containsEntry("input_text", "user: What is 2+2?").containsEntry("name", "fake.chat fake-model");
        // saved: what the recorded call took; the hit's own latency is the lookup's
        assertThat(replayed.get("saved_ms")).isEqualTo(original.get("latency_ms"));
        assertThat((Double) replayed.get("latency_ms")).isNotNegative();
        assertThat(tf.rows("SELECT * FROM llm_cache")).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("provider", "fake").containsEntry("operation", "chat")
                    .containsEntry("model", "fake-model").containsEntry("response_json", "\"4\"")
                    .containsEntry("hit_count", 1).containsEntry("original_latency_ms", original.get("latency_ms"));
        });
    }

    @Test
    void readWriteStoresOnlySuccessfulAnswers() throws Exception {
        start("read-write");
        LlmCall failing = call("Will fail");
        assertThat(failing.consultCache()).isEqualTo(CacheDecision.LIVE);
        assertThat(failing.storesAnswer()).isTrue();
        LlmScopes.blocking(failing).exit(null, new IOException("connection reset"));

        LlmCall empty = stream("Nothing comes");
        assertThat(empty.consultCache()).isEqualTo(CacheDecision.LIVE);
        empty.exitMethod();
        empty.end(null); // a stream that ended without a chunk

        LlmCall cancelled = stream("Closed early");
        cancelled.consultCache();
        cancelled.exitMethod();
        cancelled.chunk("Once");
        cancelled.cancel();

        LlmCall streamed = stream("Stream it");
        streamed.consultCache();
        streamed.exitMethod();
        streamed.chunk("Hel");
        streamed.chunk("lo");
        streamed.end(null);
        tf.stop();

        // a stream is recorded apart, as its chunks
        assertThat(tf.rows("SELECT operation, response_json FROM llm_cache")).singleElement()
                .isEqualTo(Map.of("operation", "chat.stream", "response_json", "[\"Hel\",\"lo\"]"));
        assertThat(tf.steps()).hasSize(4);
    }

    @Test
    void readOnlyAnswersButNeverStores() throws Exception {
        start("read-write");
        live("Recorded before", "yes");
        tf.stop();

        start("read-only");
        assertThat(hit("Recorded before")).isEqualTo("yes");
        LlmCall other = call("Not recorded");
        assertThat(other.consultCache()).isEqualTo(CacheDecision.LIVE);
        assertThat(other.storesAnswer()).isFalse();
        LlmScopes.blocking(other).exit("live answer", null);
        tf.stop();

        assertThat(tf.rows("SELECT response_json, hit_count FROM llm_cache")).singleElement()
                .isEqualTo(Map.of("response_json", "\"yes\"", "hit_count", 1));
    }

    @Test
    void replayRebuildsTheRecordedAnswerFromTheFile() throws Exception {
        start("read-write");
        live("What is 2+2?", "4");
        LlmCall streamed = stream("Stream it");
        streamed.consultCache();
        streamed.exitMethod();
        streamed.chunk("Hel");
        streamed.chunk("lo");
        streamed.end(null);
        tf.stop();

        start("replay");
        Object answer = hit("What is 2+2?");
        LlmCall replayedStream = stream("Stream it");
        CacheDecision decision = replayedStream.consultCache();
        replayedStream.exitMethod();
        tf.stop();

        assertThat(answer).isEqualTo("4");
        assertThat(decision).isEqualTo(new CacheDecision.Hit(List.of("Hel", "lo")));
        List<Map<String, Object>> hits = tf.rows("SELECT * FROM steps WHERE cache_hit = 1 ORDER BY started_at");
        assertThat(hits).extracting(s -> s.get("output_text")).containsExactly("4", "Hello");
        Map<String, Object> recorded = tf.rows("SELECT original_latency_ms FROM llm_cache WHERE operation = 'chat'").get(0);
        assertThat(hits.get(0).get("saved_ms")).isEqualTo(recorded.get("original_latency_ms"));
        assertThat(hits).allSatisfy(s -> assertThat((Double) s.get("latency_ms")).isNotNegative());
    }

    @Test
    void aReplayMissFailsWithoutCallingTheLibrary() throws Exception {
        start("replay");
        LlmCall call = call("A question nobody recorded");

        CacheDecision decision = call.consultCache();

        assertThat(decision).isInstanceOf(CacheDecision.ReplayMiss.class);
        CacheReplayMissException error = ((CacheDecision.ReplayMiss) decision).error();
        assertThat(error.getMessage()).contains("no recorded answer for chat with model fake-model")
                .contains("A question nobody recorded").contains("No network call was made");
        // the method's body is skipped, and it throws the miss
        var scope = LlmScopes.refused(call, error, false);
        assertThat(scope.exit(null, null)).isNull();
        assertThat(scope.thrown(null)).isSameAs(error);
        call.end("a late answer"); // the miss was the outcome
        tf.stop();

        assertThat(tf.onlyStep()).containsEntry("status", "error")
                .containsEntry("error_type", "io.traceflow.bootstrap.CacheReplayMissException")
                .containsEntry("cache_hit", 0);
        assertThat((String) tf.onlyStep().get("error")).startsWith("CacheReplayMissException: TraceFlow replay: no recorded");
        assertThat(tf.rows("SELECT count(*) AS n FROM llm_cache")).singleElement().isEqualTo(Map.of("n", 0));
    }

    @Test
    void anAsyncReplayMissIsAFailedFuture() {
        start("replay");
        LlmCall call = call("Async, unrecorded");
        CacheReplayMissException error = ((CacheDecision.ReplayMiss) call.consultCache()).error();

        var scope = LlmScopes.refused(call, error, true);
        Object returned = scope.exit(null, null);

        assertThat(returned).isInstanceOf(CompletableFuture.class);
        assertThat((CompletableFuture<?>) returned).isCompletedExceptionally();
        assertThat(((CompletableFuture<?>) returned).handle((v, t) -> t).join())
                .isInstanceOf(CompletionException.class).hasCause(error);
        assertThat(scope.thrown(null)).as("nothing thrown: the future carries it").isNull();
    }

    @Test
    void callsTheCacheCannotAnswerAreRefusedInReplayOnly() throws Exception {
        start("replay");
        LlmCall raw = call("raw");
        CacheDecision refused = raw.refuseInReplay("a raw HTTP response cannot be replayed");
        raw.exitMethod();
        tf.stop();
        assertThat(refused).isInstanceOf(CacheDecision.ReplayMiss.class);
        assertThat(((CacheDecision.ReplayMiss) refused).error()).hasMessage("a raw HTTP response cannot be replayed");

        start("read-write");
        LlmCall liveRaw = call("raw");
        assertThat(liveRaw.refuseInReplay("a raw HTTP response cannot be replayed")).isEqualTo(CacheDecision.LIVE);
        LlmScopes.blocking(liveRaw).exit("fine", null);
    }

    @Test
    void withTheCacheOffNothingIsLookedUp() throws Exception {
        start("off");
        LlmCall call = call("Hello");

        assertThat(call.consultCache()).isEqualTo(CacheDecision.LIVE);
        assertThat(call.storesAnswer()).isFalse();
        LlmScopes.blocking(call).exit("Hi", null);
        tf.stop();

        assertThat(tf.rows("SELECT count(*) AS n FROM llm_cache")).singleElement().isEqualTo(Map.of("n", 0));
    }

    @Test
    void anEntryTheAdapterCannotRebuildIsAnAdviceErrorAndTheCallGoesLive() throws Exception {
        start("read-write");
        live("Recorded before", "yes");
        tf.stop();

        start("read-only");
        adapter.failReplaying = true;
        LlmCall call = call("Recorded before");
        assertThat(call.consultCache()).isEqualTo(CacheDecision.LIVE);
        LlmScopes.blocking(call).exit("live again", null);
        long adviceErrors = tf.runtime.adviceErrorCount();
        tf.stop();

        assertThat(adviceErrors).isEqualTo(1);
        assertThat(tf.rows("SELECT output_text, cache_hit FROM steps ORDER BY started_at")).last()
                .isEqualTo(Map.of("output_text", "live again", "cache_hit", 0));
    }

    @Test
    void underReplayAnEntryTheAdapterCannotRebuildIsAMissNotANetworkCall() throws Exception {
        start("read-write");
        live("Recorded by another version", "yes");
        tf.stop();

        start("replay");
        adapter.failReplaying = true;
        LlmCall call = call("Recorded by another version");
        CacheDecision decision = call.consultCache();
        call.exitMethod();
        long adviceErrors = tf.runtime.adviceErrorCount();
        tf.stop();

        assertThat(decision).isInstanceOf(CacheDecision.ReplayMiss.class);
        assertThat(((CacheDecision.ReplayMiss) decision).error().getMessage()).contains("cannot be read")
                .contains("recorded by a version this adapter cannot read").contains("No network call was made");
        assertThat(adviceErrors).isEqualTo(1);
        assertThat(tf.rows("SELECT status, error_type FROM steps ORDER BY started_at")).last().isEqualTo(
                Map.of("status", "error", "error_type", "io.traceflow.bootstrap.CacheReplayMissException"));
    }
}
