package io.traceflow.core.capture;

import static io.traceflow.core.format.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.bootstrap.CallScope;

/** Trace roots (AI Service calls, traced methods) and tool executions, end to end. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RootCallTest {
    static final String SECRET = "sk-proj-AbCdEfGh0123456789xyz";

    @TempDir
    Path dir;
    final FakeAdapter adapter = new FakeAdapter();
    TestRuntime tf;

    @AfterEach
    void stop() {
        if (tf != null) {
            tf.stop();
        }
        ToolLoops.clear();
        assertThat(TraceContext.current()).isNull();
    }

    private RootCall aiService(Object... arguments) {
        return RootCall.start(tf.runtime, "Assistant.chat", "ai_service", "langchain4j", "ai_service", "mem-1",
                arguments);
    }

    private void modelCall(String request, String answer) {
        LlmCall call = LlmCall.start(adapter, "chat", false, "fake", adapter, request);
        LlmScopes.blocking(call).exit(answer, null);
    }

    private Map<String, Object> step(String operation) throws Exception {
        List<Map<String, Object>> rows = tf.rows("SELECT * FROM steps WHERE operation = '" + operation + "'");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void anAiServiceCallIsATraceWhoseRootParentsTheCallsInside() throws Exception {
        tf = TestRuntime.start(dir.resolve("t.db"));
        RootCall root = aiService("What's the weather in Paris?", 42);
        modelCall("What's the weather in Paris?", "tools:call_1");
        ToolStep tool = ToolStep.start("langchain4j", "tool-executor", "call_1", "getWeather", "{\"city\":\"Paris\"}");
        tool.end("sunny", false);
        modelCall("answers:call_1", "It is sunny.");
        root.finish("It is sunny.", null);
        tf.stop();

        Map<String, Object> rootStep = step("ai_service");
        assertThat(tf.traces()).singleElement().satisfies(trace -> {
            assertThat(trace).containsEntry("name", "Assistant.chat").containsEntry("kind", "ai_service")
                    .containsEntry("status", "ok").containsEntry("memory_id", "mem-1")
                    .containsEntry("root_step_id", rootStep.get("id")).containsEntry("started_at", rootStep.get("started_at"));
            assertThat(trace.get("ended_at")).isNotNull();
        });
        assertThat(rootStep).containsEntry("provider", "langchain4j").containsEntry("name", "Assistant.chat")
                .containsEntry("seq", 0).containsEntry("status", "ok")
                .containsEntry("input_text", "What's the weather in Paris?\n42").containsEntry("output_text", "It is sunny.");
        assertThat(rootStep.get("parent_step_id")).isNull();
        assertThat(parse((String) rootStep.get("input_messages_json"))).isEqualTo(parse(
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What's the weather in Paris?\\n42\"}]}]"));
        assertThat(parse((String) rootStep.get("output_messages_json"))).isEqualTo(parse(
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It is sunny.\"}]}]"));
        assertThat(parse((String) rootStep.get("attributes_json"))).isEqualTo(parse("{\"memory_id\":\"mem-1\"}"));

        // inside the root: children in start order, nothing linked as a manual loop
        List<Map<String, Object>> children = tf.rows("SELECT * FROM steps WHERE parent_step_id IS NOT NULL ORDER BY seq");
        assertThat(children).extracting(s -> s.get("operation")).containsExactly("chat", "tool", "chat");
        assertThat(children).extracting(s -> s.get("seq")).containsExactly(1, 2, 3);
        assertThat(children).allSatisfy(s -> assertThat(s).containsEntry("parent_step_id", rootStep.get("id"))
                .containsEntry("trace_id", rootStep.get("trace_id")));
        assertThat(ToolLoops.isEmpty()).isTrue();
    }

    @Test
    void aToolStepInTheNeutralFormat() throws Exception {
        tf = TestRuntime.start(dir.resolve("t.db"));
        RootCall root = aiService("Weather?");
        ToolStep.start("langchain4j", "tool-executor", "call_1", "getWeather", "{\"city\":\"Paris\"}").end("sunny", false);
        root.finish("done", null);
        tf.stop();

        Map<String, Object> tool = step("tool");
        assertThat(tool).containsEntry("name", "getWeather").containsEntry("provider", "langchain4j")
                .containsEntry("status", "ok").containsEntry("input_text", "{\"city\":\"Paris\"}")
                .containsEntry("output_text", "sunny");
        assertThat(parse((String) tool.get("input_messages_json"))).isEqualTo(parse("""
                [{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"getWeather",
                  "arguments":{"city":"Paris"}}]}]"""));
        assertThat(parse((String) tool.get("output_messages_json"))).isEqualTo(parse("""
                [{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"sunny"}],
                  "name":"getWeather"}]"""));
    }

    @Test
    void aToolThatDelegatesToItselfIsOneStep() throws Exception {
        tf = TestRuntime.start(dir.resolve("t.db"));
        Object request = new Object(); // executeWithContext delegating to execute, for the same request
        ToolStep outer = ToolStep.start("langchain4j", request, "call_1", "getWeather", "{}");
        assertThat(ToolStep.start("langchain4j", request, "call_1", "getWeather", "{}")).isNull();
        outer.end("sunny", false);
        outer.end("twice", false);
        tf.stop();

        assertThat(tf.onlyStep()).containsEntry("output_text", "sunny");
    }

    @Test
    void aToolThatThrowsOrReportsAnError() throws Exception {
        tf = TestRuntime.start(dir.resolve("t.db"));
        RootCall root = aiService("Weather?");
        ToolStep.start("langchain4j", "k1", "call_1", "getWeather", "{}").fail(new IllegalArgumentException("no city"));
        ToolStep.start("langchain4j", "k2", "call_2", "getWeather", "{}").end("city unknown: " + SECRET, true);
        root.finish("sorry", null);
        tf.stop();

        List<Map<String, Object>> tools = tf.rows("SELECT * FROM steps WHERE operation = 'tool' ORDER BY seq");
        assertThat(tools.get(0)).containsEntry("status", "error")
                .containsEntry("error_type", "java.lang.IllegalArgumentException")
                .containsEntry("error", "IllegalArgumentException: no city");
        assertThat(tools.get(0).get("output_messages_json")).isNull();
        // a reported error is the tool's output: content, redacted
        assertThat(tools.get(1)).containsEntry("status", "error").containsEntry("error", "city unknown: [REDACTED]")
                .containsEntry("output_text", "city unknown: [REDACTED]");
        assertThat(tf.traces()).singleElement().satisfies(t -> assertThat(t).containsEntry("status", "ok"));
    }

    @Test
    void aRootThatThrowsFailsItsTrace() throws Exception {
        tf = TestRuntime.start(dir.resolve("t.db"));
        RootCall root = aiService("Hello");

        root.finish(null, new IllegalStateException("key " + SECRET + " rejected"));
        tf.stop();

        assertThat(tf.traces()).singleElement().satisfies(t -> assertThat(t).containsEntry("status", "error")
                .containsEntry("error", "java.lang.IllegalStateException: key [REDACTED] rejected"));
        Map<String, Object> rootStep = tf.onlyStep();
        assertThat(rootStep).containsEntry("status", "error")
                .containsEntry("error", "IllegalStateException: key [REDACTED] rejected");
        assertThat(rootStep.get("output_messages_json")).isNull();
        assertThat(rootStep.get("output_text")).isNull();
    }

    @Test
    void aRootInsideARootIsAStepOfIt() throws Exception {
        tf = TestRuntime.start(dir.resolve("t.db"));
        RootCall method = RootCall.start(tf.runtime, "Jobs.nightly", "method", "app", "method", null, new Object[0]);
        RootCall service = aiService("Summarize");
        modelCall("Summarize", "Done.");
        service.finish("Done.", null);
        method.finish(null, null);
        tf.stop();

        assertThat(tf.traces()).singleElement().satisfies(t -> assertThat(t).containsEntry("kind", "method")
                .containsEntry("name", "Jobs.nightly").containsEntry("status", "ok"));
        Map<String, Object> outer = step("method");
        Map<String, Object> inner = step("ai_service");
        Map<String, Object> call = step("chat");
        assertThat(inner).containsEntry("parent_step_id", outer.get("id")).containsEntry("seq", 1);
        assertThat(call).containsEntry("parent_step_id", inner.get("id")).containsEntry("seq", 2);
        assertThat(outer.get("output_messages_json")).isNull();
    }

    @Test
    void aRootLeftOnItsThreadGoesOnInItsFrameElsewhere() throws Exception {
        tf = TestRuntime.start(dir.resolve("t.db"));
        RootCall root = aiService("Stream a story");
        TraceContext.Frame frame = root.leave(); // a token stream: its turns run on HTTP threads
        assertThat(TraceContext.current()).isNull();

        Thread http = new Thread(() -> {
            CallScope scope = InFrame.run(frame);
            modelCall("Stream a story", "Once upon a time.");
            scope.exit(null, null);
        });
        http.start();
        http.join();
        root.finish("Once upon a time.", null);
        tf.stop();

        Map<String, Object> rootStep = step("ai_service");
        assertThat(step("chat")).containsEntry("parent_step_id", rootStep.get("id"))
                .containsEntry("trace_id", rootStep.get("trace_id"));
    }

    @Test
    void withoutContentRootsAndToolsKeepTheirMetadataOnly() throws Exception {
        tf = TestRuntime.start(dir.resolve("t.db"), "traceflow.capture.content", "false");
        RootCall root = aiService("private question");
        ToolStep.start("langchain4j", "k", "call_1", "lookup", "{\"ssn\":\"123\"}").end("private record", true);
        root.finish("private answer", null);
        tf.stop();

        for (Map<String, Object> row : tf.steps()) {
            for (String column : List.of("request_json", "response_json", "input_text", "output_text",
                    "input_messages_json", "output_messages_json", "system_instructions_json")) {
                assertThat(row.get(column)).as(row.get("operation") + " " + column).isNull();
            }
        }
        assertThat(step("tool")).containsEntry("status", "error").containsEntry("error", "tool reported an error")
                .containsEntry("name", "lookup");
        assertThat(step("ai_service")).containsEntry("name", "Assistant.chat");
    }
}
