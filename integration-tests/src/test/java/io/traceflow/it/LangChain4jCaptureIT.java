package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.LangChain4jScenarioApp;

/**
 * The real langchain4j and langchain4j-open-ai artifacts in a forked JVM under the agent: chat, streaming, a user's
 * own ChatModel, embeddings, and AI Services whose tool loops become one trace each.
 */
class LangChain4jCaptureIT {
    static final String[] ALL = {"chat", "custom-model", "custom-model-sdk", "stream", "tools", "tools-fail", "embeddings", "agent-run",
            "agent-parallel", "concurrent-tools", "token-stream", "stream-cancel"};
    static final String AGENT = LangChain4jScenarioApp.class.getName() + "$Agent";

    @TempDir
    static Path dir;
    static Path db;
    static ForkedApp.Result traced;
    static ForkedApp.Result plain;

    @BeforeAll
    static void runBothWays() throws Exception {
        db = dir.resolve("lc4j.db");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            traced = ForkedApp.main(LangChain4jScenarioApp.class).property("traceflow.db", db.toString())
                    .property("traceflow.trace.methods", AGENT + "#run," + AGENT + "#runParallel")
                    .args(OpenAiCaptureIT.with(server.baseUrl(), ALL)).run();
        }
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            plain = ForkedApp.main(LangChain4jScenarioApp.class).withoutAgent()
                    .args(OpenAiCaptureIT.with(server.baseUrl(), ALL)).run();
        }
        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
    }

    @Test
    void appOutputIsByteIdenticalWithAndWithoutTheAgent() {
        assertThat(traced.stdout()).as(traced.toString()).isEqualTo(plain.stdout());
        assertThat(traced.agentLines()).as(traced.toString()).hasSize(1);
    }

    @Test
    void aStreamTheAppCancelsThroughItsHandleIsACancelledStep() throws Exception {
        List<Map<String, Object>> steps = Db.rows(db, "SELECT status, ttft_ms FROM steps WHERE input_text LIKE"
                + " '%Cancel this stream%'");
        if (traced.stdout().contains("no cancellable streams")) {
            return; // LangChain4j 1.0/1.1 give callbacks no handle
        }
        assertThat(traced.stdout()).contains("first part, then cancelled");
        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.get("status")).isEqualTo("cancelled");
            assertThat(step.get("ttft_ms")).isNotNull();
        });
    }

    @Test
    void ranOnTheExpectedLangChain4jLine() {
        String expected = System.getProperty("expected.langchain4j.version");
        assertThat(ForkedApp.testClasspath()).contains("langchain4j-core-" + expected + ".jar")
                .contains("langchain4j-open-ai-" + expected + ".jar");
    }

    @Test
    void noAdviceErrorsNoDrops() throws Exception {
        assertThat(Db.rows(db, "SELECT advice_errors, events_dropped, events_failed FROM agent_runs"))
                .containsExactly(Map.of("advice_errors", 0, "events_dropped", 0, "events_failed", 0));
    }

    @Test
    void chatModelCallIsOneStepWithMergedRequest() throws Exception {
        Map<String, Object> step = step("chat", "Hello LangChain4j");
        assertThat(step.get("provider")).isEqualTo("langchain4j");
        assertThat(step.get("model")).isEqualTo("gpt-4o-mini");
        assertThat(step.get("response_model")).isEqualTo("gpt-4o-mini");
        assertThat(step.get("output_text")).isEqualTo("Echo: Hello LangChain4j");
        assertThat(step.get("finish_reason")).isEqualTo("stop");
        assertThat(step.get("total_tokens")).isNotNull();
        assertThat((String) step.get("request_json")).contains("\"temperature\":0.3");
        assertThat(step.get("name")).isEqualTo("OpenAiChatModel gpt-4o-mini");
        assertThat(step.get("parent_step_id")).isNull();
    }

    @Test
    void userWrittenChatModelIsTraced() throws Exception {
        Map<String, Object> step = step("chat", "shout this");
        assertThat(step.get("output_text")).isEqualTo("SHOUT THIS");
        assertThat((String) step.get("name")).startsWith("UppercaseModel");
    }

    @Test
    void openAiSdkCallInsideAUserChatModelIsItsChildStep() throws Exception {
        Map<String, Object> outer = Db.rows(db, "SELECT * FROM steps WHERE name LIKE 'SdkBackedModel%'").get(0);
        List<Map<String, Object>> inner = Db.rows(db, "SELECT * FROM steps WHERE provider = 'openai'");
        assertThat(inner).singleElement().satisfies(step -> {
            assertThat(step.get("parent_step_id")).isEqualTo(outer.get("id"));
            assertThat(step.get("trace_id")).isEqualTo(outer.get("trace_id"));
            assertThat(step.get("output_text")).isEqualTo("Echo: through the SDK");
        });
        assertThat(outer.get("output_text")).isEqualTo("Echo: through the SDK");
    }

    @Test
    void streamingRecordsTextAndTimeToFirstToken() throws Exception {
        Map<String, Object> step = step("chat", "Stream LangChain4j");
        assertThat(step.get("output_text")).isEqualTo("Echo: Stream LangChain4j");
        assertThat(step.get("ttft_ms")).isNotNull();
        assertThat(step.get("status")).isEqualTo("ok");
        assertThat(traced.stdout()).contains("Echo: Stream LangChain4j | Echo: Stream LangChain4j");
    }

    @Test
    void aiServiceToolLoopIsOneTraceInOrder() throws Exception {
        List<Map<String, Object>> traces = Db.rows(db, "SELECT * FROM traces WHERE kind = 'ai_service' AND memory_id = 'alice'");
        assertThat(traces).hasSize(1);
        Map<String, Object> trace = traces.get(0);
        assertThat(trace.get("name")).isEqualTo("Assistant.chat");
        assertThat(trace.get("status")).isEqualTo("ok");
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps WHERE trace_id = '" + trace.get("id")
                + "' ORDER BY seq");
        // Tools run in the order the model asked for them (LangChain4j offers them in reflection order).
        String asked = (String) steps.get(1).get("output_text");
        String first = asked.indexOf("getWeather") < asked.indexOf("getTime") ? "getWeather" : "getTime";
        String second = first.equals("getWeather") ? "getTime" : "getWeather";
        assertThat(steps).extracting(s -> s.get("operation") + ":" + s.get("name")).containsExactly(
                "ai_service:Assistant.chat", "chat:OpenAiChatModel gpt-4o-mini", "tool:" + first, "tool:" + second,
                "chat:OpenAiChatModel gpt-4o-mini");
        Object root = steps.get(0).get("id");
        assertThat(trace.get("root_step_id")).isEqualTo(root);
        assertThat(steps.subList(1, steps.size())).allSatisfy(s -> assertThat(s.get("parent_step_id")).isEqualTo(root));
        assertThat(steps.get(1).get("finish_reason")).isEqualTo("tool_execution");
        assertThat(steps.get(2).get("input_text")).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(List.of(steps.get(2).get("output_text"), steps.get(3).get("output_text")))
                .containsExactly(first.equals("getWeather") ? "Sunny in Paris" : "12:00 in Paris",
                        first.equals("getWeather") ? "12:00 in Paris" : "Sunny in Paris");
        assertThat((String) steps.get(4).get("input_text")).contains("tool getWeather: Sunny in Paris",
                "tool getTime: 12:00 in Paris");
        assertThat(steps.get(0).get("input_text")).isEqualTo("alice\nWeather and time in Paris?");
        assertThat(steps.get(0).get("output_text")).isEqualTo(steps.get(4).get("output_text"));
    }

    @Test
    void httpErrorMidLoopFailsTheTraceAndRecordsTheErrorStep() throws Exception {
        Map<String, Object> trace = Db.rows(db, "SELECT * FROM traces WHERE memory_id = 'bob'").get(0);
        assertThat(trace.get("status")).isEqualTo("error");
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps WHERE trace_id = '" + trace.get("id")
                + "' ORDER BY seq");
        assertThat(steps).extracting(s -> s.get("operation") + ":" + s.get("status")).containsExactly(
                "ai_service:error", "chat:ok", "tool:ok", "chat:error");
        assertThat((String) steps.get(3).get("error")).contains("FAIL500");
        assertThat(traced.stdout()).contains("failed: ").isEqualTo(plain.stdout());
    }

    @Test
    void embeddingsAreOneStep() throws Exception {
        Map<String, Object> step = Db.rows(db, "SELECT * FROM steps WHERE operation = 'embeddings'").get(0);
        assertThat(step.get("input_text")).isEqualTo("one\ntwo");
        assertThat(step.get("output_text")).isEqualTo("2 embedding(s), dimensions 8, 8");
    }

    @Test
    void traceMethodRootWrapsTwoAiServiceCallsAsNestedSteps() throws Exception {
        List<Map<String, Object>> traces = Db.rows(db, "SELECT * FROM traces WHERE name = 'Agent.run'");
        assertThat(traces).hasSize(1);
        assertThat(traces.get(0).get("kind")).isEqualTo("method");
        assertThat(traces.get(0).get("status")).isEqualTo("ok");
        Object traceId = traces.get(0).get("id");
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps WHERE trace_id = '" + traceId + "' ORDER BY seq");
        assertThat(steps).extracting(s -> s.get("operation")).containsExactly("method", "ai_service", "chat",
                "ai_service", "chat");
        Object root = steps.get(0).get("id");
        assertThat(steps.get(1).get("parent_step_id")).isEqualTo(root);
        assertThat(steps.get(3).get("parent_step_id")).isEqualTo(root);
        assertThat(steps.get(2).get("parent_step_id")).isEqualTo(steps.get(1).get("id"));
        assertThat(steps.get(4).get("parent_step_id")).isEqualTo(steps.get(3).get("id"));
        assertThat(Db.count(db, "SELECT count(*) FROM traces WHERE memory_id = 'carol'"))
                .as("nested AI Service calls are not traces of their own").isZero();
    }

    @Test
    void appThreadPoolFanOutInsideARootStaysInTheTrace() throws Exception {
        Map<String, Object> trace = Db.rows(db, "SELECT * FROM traces WHERE name = 'Agent.runParallel'").get(0);
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps WHERE trace_id = '" + trace.get("id")
                + "' ORDER BY seq");
        assertThat(steps).extracting(s -> s.get("operation")).containsExactly("method", "chat", "chat", "chat",
                "chat");
        assertThat(steps.subList(1, 5)).allSatisfy(s -> {
            assertThat(s.get("parent_step_id")).isEqualTo(steps.get(0).get("id"));
            assertThat((String) s.get("thread")).isNotEqualTo("main");
        });
        assertThat(steps).extracting(s -> (String) s.get("input_text")).anySatisfy(t -> assertThat(t).endsWith("Fan out then"))
                .anySatisfy(t -> assertThat(t).endsWith("Fan out later"));
    }

    @Test
    void concurrentToolExecutionStaysInTheTrace() throws Exception {
        Map<String, Object> trace = Db.rows(db, "SELECT * FROM traces WHERE memory_id = 'dave'").get(0);
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps WHERE trace_id = '" + trace.get("id")
                + "' ORDER BY seq");
        assertThat(steps).extracting(s -> s.get("operation")).containsExactly("ai_service", "chat", "tool", "tool",
                "chat");
        assertThat(steps.subList(1, 5)).allSatisfy(s -> assertThat(s.get("parent_step_id")).isEqualTo(steps.get(0).get("id")));
    }

    @Test
    void streamingAiServiceIsOneTraceWithItsToolLoop() throws Exception {
        Map<String, Object> trace = Db.rows(db, "SELECT * FROM traces WHERE name = 'StreamingAssistant.chat'").get(0);
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps WHERE trace_id = '" + trace.get("id")
                + "' ORDER BY seq");
        assertThat(steps).extracting(s -> s.get("operation")).containsExactly("ai_service", "chat", "tool", "tool",
                "chat");
        assertThat(steps.get(4).get("output_text")).asString().startsWith("Echo: ");
        assertThat(steps.get(4).get("ttft_ms")).as("the text turn streams tokens").isNotNull();
    }

    private static Map<String, Object> step(String operation, String promptFragment) throws Exception {
        List<Map<String, Object>> rows = Db.rows(db, "SELECT * FROM steps WHERE operation = '" + operation
                + "' AND input_text LIKE '%" + promptFragment + "%'");
        assertThat(rows).as("steps for " + operation + " / " + promptFragment).hasSize(1);
        return rows.get(0);
    }
}
