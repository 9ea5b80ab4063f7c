package io.traceflow.core.capture;

import static io.traceflow.core.format.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.runtime.TraceFlowRuntime;

/** One LLM call through the whole pipeline: a fake library, a real runtime, a real file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LlmCallTest {
    static final String URL = "http://localhost:1/v1";

    @TempDir
    Path dir;
    final FakeAdapter adapter = new FakeAdapter();
    final Object service = new Object();
    TestRuntime tf;

    @BeforeEach
    void start() {
        ToolLoops.clear();
        tf = TestRuntime.start(dir.resolve("traceflow.db"));
    }

    @AfterEach
    void stop() {
        tf.stop();
        ToolLoops.clear();
        assertThat(TraceContext.current()).as("a frame left open").isNull();
        assertThat(Nesting.enclosing("fake")).as("a call left active").isNull();
    }

    private LlmCall start(Object request) {
        return LlmCall.start(adapter, "chat", false, "fake", service, request);
    }

    private LlmCall startStream(Object request) {
        return LlmCall.start(adapter, "chat", true, "fake", service, request);
    }

    @Test
    void aBlockingCallIsOneStepOfATraceOfItsOwn() throws Exception {
        LlmCall call = start("Hello there");
        assertThat(TraceContext.current()).as("the call's frame, while its method runs").isNotNull();

        Object returned = LlmScopes.blocking(call).exit("General Kenobi", null);
        tf.stop();

        assertThat(returned).isEqualTo("General Kenobi");
        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("provider", "fake").containsEntry("operation", "chat")
                .containsEntry("name", "fake.chat fake-model").containsEntry("model", "fake-model")
                .containsEntry("status", "ok").containsEntry("base_url", URL).containsEntry("seq", 0)
                .containsEntry("input_text", "user: Hello there").containsEntry("output_text", "General Kenobi")
                .containsEntry("finish_reason", "stop").containsEntry("total_tokens", 10).containsEntry("cache_hit", 0)
                .containsEntry("thread", Thread.currentThread().getName());
        assertThat(step.get("parent_step_id")).isNull();
        assertThat(step.get("ttft_ms")).as("not a stream").isNull();
        assertThat((Double) step.get("latency_ms")).isNotNegative();
        assertThat(NeutralJson.readMessages((String) step.get("input_messages_json")))
                .containsExactly(Message.text("user", "Hello there"));
        assertThat(parse((String) step.get("output_messages_json")).at("/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(tf.traces()).singleElement().satisfies(trace -> {
            assertThat(trace).containsEntry("id", step.get("trace_id")).containsEntry("kind", "auto")
                    .containsEntry("status", "ok").containsEntry("root_step_id", step.get("id"))
                    .containsEntry("name", "fake.chat fake-model");
            assertThat(trace.get("ended_at")).isNotNull();
        });
    }

    @Test
    void theFirstOutcomeIsTheOnlyOne() throws Exception {
        LlmCall call = start("Hello");
        call.exitMethod();

        call.fail(new IOException("connection reset"));
        call.end("a late answer");
        call.cancel();
        tf.stop();

        assertThat(call.isFinished()).isTrue();
        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("status", "error").containsEntry("error_type", "java.io.IOException")
                .containsEntry("error", "IOException: connection reset");
        assertThat(step.get("output_text")).isNull();
        assertThat(step.get("output_messages_json")).isNull();
        assertThat(step.get("input_text")).isEqualTo("user: Hello");
        assertThat(tf.traces()).singleElement().extracting(t -> t.get("status")).isEqualTo("error");
    }

    @Test
    void anEndAfterAnEndIsIgnoredToo() throws Exception {
        LlmCall call = start("Hello");
        LlmScopes.blocking(call).exit("first", null);
        call.end("second");
        call.fail(new IllegalStateException("too late"));
        tf.stop();

        assertThat(tf.onlyStep()).containsEntry("status", "ok").containsEntry("output_text", "first");
    }

    @Test
    void aFailureWithAnHttpStatus() throws Exception {
        LlmCall call = start("Hello");
        LlmScopes.blocking(call).exit(null, new FakeAdapter.HttpFailure(429, "Rate limit reached"));
        tf.stop();

        assertThat(tf.onlyStep()).containsEntry("status", "error").containsEntry("http_status", 429)
                .containsEntry("error", "HttpFailure: Rate limit reached");
    }

    @Test
    void aStreamClosedEarlyIsCancelledWithWhatArrived() throws Exception {
        LlmCall call = startStream("Tell me a story");
        call.exitMethod();
        call.chunk("Once upon");

        call.cancel();
        tf.stop();

        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("status", "cancelled").containsEntry("output_text", "Once upon");
        assertThat(step.get("error")).isNull();
        assertThat(step.get("ttft_ms")).isNotNull();
    }

    @Test
    void timeToTheFirstChunkOfAStream() throws Exception {
        LlmCall call = startStream("Stream please");
        call.exitMethod();
        call.chunk("Hel");
        call.chunk("lo");
        call.end(null);
        tf.stop();

        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("status", "ok").containsEntry("output_text", "Hello");
        double ttft = (Double) step.get("ttft_ms");
        assertThat(ttft).isNotNegative().isLessThanOrEqualTo((Double) step.get("latency_ms"));
    }

    @Test
    void aFutureThatSucceeds() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        LlmCall call = start("Async hello");
        call.completeWith(future);
        call.exitMethod(); // the method returned the future; the answer comes later
        assertThat(call.isFinished()).isFalse();

        future.complete("Async answer");
        tf.stop();

        assertThat(future.join()).isEqualTo("Async answer");
        assertThat(tf.onlyStep()).containsEntry("status", "ok").containsEntry("output_text", "Async answer");
    }

    @Test
    void aFutureThatFailsIsUnwrapped() throws Exception {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> dependent = source.thenApply(String::trim); // fails with a CompletionException
        LlmCall call = start("Async hello");
        call.completeWith(dependent);
        call.exitMethod();

        source.completeExceptionally(new IOException("network down"));
        tf.stop();

        assertThat(dependent).isCompletedExceptionally();
        assertThat(tf.onlyStep()).containsEntry("status", "error").containsEntry("error_type", "java.io.IOException")
                .containsEntry("error", "IOException: network down");
    }

    @Test
    void aFutureThatIsCancelled() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        LlmCall call = start("Async hello");
        call.completeWith(future);
        call.exitMethod();

        future.cancel(true);
        tf.stop();

        Map<String, Object> step = tf.onlyStep();
        assertThat(step).containsEntry("status", "cancelled");
        assertThat(step.get("error")).isNull();
    }

    @Test
    void aNestedCallWithTheSameKeyIsTheSameStepAndItsRequestIsWhatIsStored() throws Exception {
        LlmCall outer = start("as the app asked");
        // the library's inner method, for the same call
        assertThat(start("as the app asked")).isNull();
        assertThat(LlmCall.enclosing("fake")).isSameAs(outer);
        outer.updateRequest("as merged with the model's defaults");
        assertThat(outer.request()).isEqualTo("as merged with the model's defaults");

        LlmScopes.blocking(outer).exit("answer", null);
        tf.stop();

        assertThat(tf.onlyStep()).containsEntry("input_text", "user: as merged with the model's defaults");
    }

    @Test
    void aCallWithAnotherKeyInsideIsAChildStep() throws Exception {
        Object model = new Object(); // a framework's model: its key is the instance
        LlmCall frameworkCall = LlmCall.start(adapter, "chat", false, model, model, "framework request");
        LlmCall sdkCall = start("sdk request");
        assertThat(sdkCall).isNotNull();
        LlmScopes.blocking(sdkCall).exit("sdk answer", null);
        LlmScopes.blocking(frameworkCall).exit("framework answer", null);
        tf.stop();

        List<Map<String, Object>> steps = tf.rows("SELECT * FROM steps ORDER BY seq");
        assertThat(steps).hasSize(2);
        Map<String, Object> parent = steps.get(0);
        Map<String, Object> child = steps.get(1);
        assertThat(parent).containsEntry("input_text", "user: framework request").containsEntry("seq", 0);
        assertThat(child).containsEntry("input_text", "user: sdk request").containsEntry("seq", 1)
                .containsEntry("parent_step_id", parent.get("id")).containsEntry("trace_id", parent.get("trace_id"));
        // one LLM request, counted once: the parent says its request was made by its child
        assertThat((String) parent.get("attributes_json")).contains("\"model_calls_inside\":1");
        assertThat(String.valueOf(child.get("attributes_json"))).doesNotContain("model_calls_inside");
        // the child's step is written first, with a placeholder trace row: the parent's trace still ends, and
        // starts when the parent did
        assertThat(tf.traces()).singleElement().satisfies(trace -> {
            assertThat(trace).containsEntry("root_step_id", parent.get("id")).containsEntry("kind", "auto")
                    .containsEntry("status", "ok").containsEntry("started_at", parent.get("started_at"))
                    .containsEntry("ended_at", parent.get("ended_at"));
        });
    }

    @Test
    void anAdapterThatCannotReadStillRecordsTheStep() throws Exception {
        adapter.failReading = true;
        LlmCall call = start("Hello");
        LlmScopes.blocking(call).exit("Hi", null);
        TraceFlowRuntime runtime = tf.runtime;
        tf.stop();

        assertThat(runtime.adviceErrorCount()).isEqualTo(1);
        Map<String, Object> step = tf.onlyStep();
        // its metadata
        assertThat(step).containsEntry("status", "ok").containsEntry("provider", "fake").containsEntry("name", "fake.chat")
                .containsEntry("base_url", URL);
        assertThat((Double) step.get("latency_ms")).isNotNegative();
        // no content
        for (String column : List.of("request_json", "response_json", "input_messages_json", "output_messages_json",
                "output_text", "model", "total_tokens")) {
            assertThat(step.get(column)).as(column).isNull();
        }
        assertThat((String) step.get("input_text")).isNullOrEmpty();
        assertThat(tf.rows("SELECT advice_errors FROM agent_runs")).singleElement()
                .extracting(r -> r.get("advice_errors")).isEqualTo(1);
    }

    @Test
    void anAbandonedCallRecordsNothing() throws Exception {
        LlmCall call = start("Hello");

        call.abandon();
        call.end("ignored");
        tf.stop();

        assertThat(tf.steps()).isEmpty();
    }

    @Test
    void aManualToolLoopIsOneTrace() throws Exception {
        LlmCall asking = start("What's the weather in Paris?");
        LlmScopes.blocking(asking).exit("tools:call_1", null);
        ToolStep tool = ToolStep.start("fake", "fake-tool", "call_1", "get_weather", "{\"city\":\"Paris\"}");
        tool.end("sunny", false);
        LlmCall answering = start("answers:call_1");
        LlmScopes.blocking(answering).exit("It is sunny in Paris.", null);
        tf.stop();

        List<Map<String, Object>> steps = tf.rows("SELECT * FROM steps ORDER BY seq");
        assertThat(steps).extracting(s -> s.get("operation")).containsExactly("chat", "tool", "chat");
        assertThat(steps).extracting(s -> s.get("seq")).containsExactly(0, 1, 2);
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.get("trace_id")).isEqualTo(steps.get(0).get("trace_id"));
            assertThat(s.get("parent_step_id")).isNull();
        });
        Map<String, Object> trace = tf.traces().get(0);
        assertThat(tf.traces()).hasSize(1);
        assertThat(trace).containsEntry("status", "ok").containsEntry("root_step_id", steps.get(0).get("id"));
        // the loop's trace ends with its last step
        assertThat(((Number) trace.get("ended_at")).longValue())
                .isGreaterThanOrEqualTo(((Number) steps.get(2).get("ended_at")).longValue());
    }

    @Test
    void aToolOfALoopThatReportsAnErrorFailsTheLoopsTrace() throws Exception {
        LlmCall asking = start("What's the weather in Atlantis?");
        LlmScopes.blocking(asking).exit("tools:call_9", null);
        ToolStep.start("fake", "fake-tool", "call_9", "get_weather", "{\"city\":\"Atlantis\"}")
                .end("no such city", true);
        tf.stop();

        assertThat(tf.traces()).singleElement().satisfies(trace -> assertThat(trace).containsEntry("status", "error"));
        assertThat(tf.rows("SELECT status, error FROM steps WHERE operation = 'tool'")).singleElement()
                .isEqualTo(Map.of("status", "error", "error", "no such city"));
    }

    @Test
    void offWhenNoRuntimeRuns() {
        tf.stop();

        assertThat(start("Hello")).isNull();
        assertThat(ToolStep.start("fake", "k", "id", "t", "{}")).isNull();
        assertThat(TraceContext.current()).isNull();
    }
}
