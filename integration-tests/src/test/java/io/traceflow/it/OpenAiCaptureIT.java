package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.OpenAiScenarioApp;

/**
 * The real openai-java SDK in a forked JVM under {@code -javaagent}, against the fake server on 127.0.0.1: every
 * kind of call lands as a step with the right fields, the app prints exactly what it prints without the agent,
 * and no secret reaches the file.
 */
class OpenAiCaptureIT {
    static final String[] ALL = {"chat", "stream", "stream-close-early", "tools", "error500", "embeddings",
            "responses", "responses-stream", "async", "async-stream", "raw", "async-raw", "async-raw-error",
            "async-raw-cancel"};

    @TempDir
    static Path dir;
    static Path db;
    static ForkedApp.Result traced;
    static ForkedApp.Result plain;

    @BeforeAll
    static void runBothWays() throws Exception {
        db = dir.resolve("capture.db");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            traced = ForkedApp.main(OpenAiScenarioApp.class).property("traceflow.db", db.toString())
                    .args(with(server.baseUrl(), ALL)).run();
        }
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            plain = ForkedApp.main(OpenAiScenarioApp.class).withoutAgent().args(with(server.baseUrl(), ALL)).run();
        }
        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
    }

    static String[] with(String first, String... rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @Test
    void appOutputIsByteIdenticalWithAndWithoutTheAgent() {
        assertThat(traced.stdout()).isEqualTo(plain.stdout());
        assertThat(traced.stdout()).contains("Echo: Hello there", "get_weather {\"city\":\"Paris\"}", "error 500");
    }

    @Test
    void agentPrintsOneStartupLineAndNothingElse() {
        assertThat(traced.agentLines()).hasSize(1);
        assertThat(traced.agentLines().get(0)).contains("recording to", db.getFileName().toString(), "openai");
    }

    @Test
    void everyCallIsOneStepInATraceOfItsOwn() throws Exception {
        List<Map<String, Object>> steps = Db.rows(db, "SELECT operation, status FROM steps ORDER BY started_at");
        assertThat(steps).extracting(r -> r.get("operation") + ":" + r.get("status")).containsExactly(
                "chat:ok", "chat:ok", "chat:cancelled", "chat:ok", "chat:error", "embeddings:ok", "responses:ok",
                "responses:ok", "chat:ok", "chat:ok", "chat:ok", "chat:ok", "chat:error", "chat:cancelled");
        assertThat(Db.count(db, "SELECT count(*) FROM traces")).isEqualTo(ALL.length);
        assertThat(Db.count(db, "SELECT count(*) FROM steps s JOIN traces t ON t.id = s.trace_id"
                + " WHERE t.root_step_id = s.id AND t.kind = 'auto' AND s.parent_step_id IS NULL")).isEqualTo(ALL.length);
        assertThat(Db.count(db, "SELECT advice_errors FROM agent_runs")).isZero();
        assertThat(Db.count(db, "SELECT events_dropped + events_failed FROM agent_runs")).isZero();
    }

    @Test
    void syncChatRecordsRequestResponseAndUsage() throws Exception {
        Map<String, Object> step = step("chat", "Hello there");
        assertThat(step.get("provider")).isEqualTo("openai");
        assertThat(step.get("model")).isEqualTo("gpt-4o-mini");
        assertThat(step.get("response_model")).isEqualTo("gpt-4o-mini");
        assertThat((String) step.get("input_text")).isEqualTo("system: Be brief.\nuser: Hello there");
        assertThat(step.get("output_text")).isEqualTo("Echo: Hello there");
        assertThat(step.get("finish_reason")).isEqualTo("stop");
        assertThat((String) step.get("request_json")).contains("\"temperature\":0.2", "\"max_completion_tokens\":64",
                "\"role\":\"system\"");
        assertThat((String) step.get("response_json")).contains("chatcmpl-fake");
        assertThat(((Number) step.get("total_tokens")).longValue())
                .isEqualTo(((Number) step.get("prompt_tokens")).longValue() + ((Number) step.get("completion_tokens")).longValue());
        assertThat(step.get("cached_tokens")).isEqualTo(0);
        assertThat(step.get("reasoning_tokens")).isEqualTo(0);
        assertThat(((Number) step.get("latency_ms")).doubleValue()).isPositive();
        assertThat((String) step.get("base_url")).startsWith("http://127.0.0.1:").endsWith("/v1");
        assertThat(step.get("thread")).isEqualTo("main");
        assertThat(step.get("ttft_ms")).isNull();
    }

    @Test
    void streamingRecordsAssembledTextUsageAndTimeToFirstChunk() throws Exception {
        Map<String, Object> step = step("chat", "Stream please");
        assertThat(step.get("output_text")).isEqualTo("Echo: Stream please");
        assertThat(step.get("finish_reason")).isEqualTo("stop");
        assertThat(step.get("total_tokens")).isNotNull();
        double ttft = ((Number) step.get("ttft_ms")).doubleValue();
        assertThat(ttft).isPositive().isLessThanOrEqualTo(((Number) step.get("latency_ms")).doubleValue());
    }

    @Test
    void streamClosedEarlyIsCancelled() throws Exception {
        assertThat(step("chat", "Stop early").get("status")).isEqualTo("cancelled");
    }

    @Test
    void toolCallsAreRecorded() throws Exception {
        Map<String, Object> step = step("chat", "Weather in Paris?");
        assertThat(step.get("finish_reason")).isEqualTo("tool_calls");
        assertThat(step.get("output_text")).isEqualTo("tool call get_weather({\"city\":\"Paris\"})");
        assertThat((String) step.get("request_json")).contains("\"tools\"", "get_weather");
    }

    @Test
    void httpErrorIsRecordedWithStatusAndClass() throws Exception {
        Map<String, Object> step = step("chat", "FAIL500 please");
        assertThat(step.get("status")).isEqualTo("error");
        assertThat(step.get("http_status")).isEqualTo(500);
        assertThat((String) step.get("error_type")).startsWith("com.openai.errors.");
        assertThat((String) step.get("error")).contains("FAIL500");
        assertThat(Db.rows(db, "SELECT t.status FROM traces t JOIN steps s ON s.trace_id = t.id WHERE s.status = 'error'"))
                .extracting(r -> r.get("status")).containsExactly("error", "error"); // and async-raw-error's
    }

    @Test
    void embeddingsRecordCountsNotVectors() throws Exception {
        Map<String, Object> step = Db.rows(db, "SELECT * FROM steps WHERE operation = 'embeddings'").get(0);
        assertThat(step.get("model")).isEqualTo("text-embedding-3-small");
        assertThat(step.get("input_text")).isEqualTo("alpha\nbeta");
        assertThat(step.get("output_text")).isEqualTo("2 embedding(s), dimensions 8, 8");
        assertThat((String) step.get("response_json")).doesNotContain("0.135").contains("\"dimensions\":8");
        assertThat(step.get("prompt_tokens")).isNotNull();
    }

    @Test
    void responsesApiCreateAndStream() throws Exception {
        Map<String, Object> created = step("responses", "Hello responses");
        assertThat(created.get("input_text")).isEqualTo("system: Be brief.\nuser: Hello responses");
        assertThat(created.get("output_text")).isEqualTo("Echo: Hello responses");
        assertThat(created.get("completion_tokens")).isNotNull();
        Map<String, Object> streamed = step("responses", "Stream responses");
        assertThat(streamed.get("output_text")).isEqualTo("Echo: Stream responses");
        assertThat(streamed.get("ttft_ms")).isNotNull();
        assertThat(streamed.get("total_tokens")).isNotNull();
    }

    @Test
    void asyncCallsAreRecordedWhenTheyComplete() throws Exception {
        assertThat(step("chat", "Async hello").get("output_text")).isEqualTo("Echo: Async hello");
        Map<String, Object> stream = step("chat", "Async stream");
        assertThat(stream.get("output_text")).isEqualTo("Echo: Async stream");
        assertThat(stream.get("ttft_ms")).isNotNull();
        assertThat(stream.get("thread")).isEqualTo("main");
    }

    @Test
    void rawResponseCallsAreRecordedOnce() throws Exception {
        assertThat(Db.count(db, "SELECT count(*) FROM steps WHERE input_text LIKE '%Raw hello%'")).isEqualTo(1);
        assertThat(step("chat", "Raw hello").get("output_text")).isEqualTo("Echo: Raw hello");
    }

    @Test
    void asyncRawResponseCallsAreRecordedWhenTheAppParsesTheBody() throws Exception {
        Map<String, Object> step = step("chat", "Async raw answer");
        assertThat(step.get("output_text")).isEqualTo("Echo: Async raw answer");
        assertThat(step.get("status")).isEqualTo("ok");
        assertThat(traced.stdout()).contains("status 200");
    }

    @Test
    void aFailedAsyncRawCallIsAnErrorStepAndTheAppSeesTheSdksOwnException() throws Exception {
        Map<String, Object> step = step("chat", "FAIL500 async raw");
        assertThat(step.get("status")).isEqualTo("error");
        assertThat(step.get("http_status")).isEqualTo(500);
        // The same exception type as without the agent (the whole output is compared byte for byte, too).
        assertThat(traced.stdout()).containsPattern("async raw error \\w+Exception").doesNotContain("no error");
    }

    @Test
    void aCancelledAsyncRawCallIsACancelledStep() throws Exception {
        assertThat(step("chat", "DELAY500 cancel me").get("status")).isEqualTo("cancelled");
        assertThat(traced.stdout()).contains("async raw cancelled true true");
    }

    @Test
    void noSecretReachesTheFile() throws Exception {
        for (Path file : List.of(db, Path.of(db + "-wal"))) {
            if (Files.exists(file)) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).doesNotContain(OpenAiScenarioApp.API_KEY).doesNotContain("org-it-secret")
                        .doesNotContainIgnoringCase("authorization");
            }
        }
    }

    private static Map<String, Object> step(String operation, String promptFragment) throws Exception {
        List<Map<String, Object>> rows = Db.rows(db, "SELECT * FROM steps WHERE operation = '" + operation
                + "' AND input_text LIKE '%" + promptFragment + "%'");
        assertThat(rows).as("steps for " + operation + " / " + promptFragment).hasSize(1);
        return rows.get(0);
    }
}
