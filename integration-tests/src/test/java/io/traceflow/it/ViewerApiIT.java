package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.LangChain4jScenarioApp;
import io.traceflow.it.apps.OpenAiScenarioApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's JSON API over a file filled by real apps under the agent (LangChain4j AI Services with tools,
 * streaming, a failure; the OpenAI SDK), served by {@code traceflow ui} in its own process; and the CLI views of the
 * same file.
 */
class ViewerApiIT {
    @TempDir
    static Path dir;
    static Path db;
    static ViewerProcess viewer;

    @BeforeAll
    static void record() throws Exception {
        db = dir.resolve("viewer.db");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            ForkedApp.Result lc = ForkedApp.main(LangChain4jScenarioApp.class).property("traceflow.db", db.toString())
                    .args(server.baseUrl(), "chat", "tools", "stream", "tools-fail").run();
            assertThat(lc.exitCode()).as(lc.toString()).isZero();
            ForkedApp.Result oai = ForkedApp.main(OpenAiScenarioApp.class).property("traceflow.db", db.toString())
                    .args(server.baseUrl(), "chat", "stream", "embeddings").run();
            assertThat(oai.exitCode()).as(oai.toString()).isZero();
        }
        viewer = ViewerProcess.start(db);
    }

    @AfterAll
    static void stop() throws Exception {
        if (viewer != null) {
            viewer.close();
        }
    }

    static JsonNode trace(String name) throws Exception {
        for (JsonNode t : viewer.json("/api/traces?limit=100").path("traces")) {
            if (name.equals(t.path("name").asText()) && "ok".equals(t.path("status").asText())) {
                return viewer.json("/api/traces/" + t.path("id").asText());
            }
        }
        throw new AssertionError("no ok trace named " + name);
    }

    @Test
    void theListShowsEveryRecordedTraceWithItsFigures() throws Exception {
        JsonNode page = viewer.json("/api/traces?limit=100");
        assertThat(page.path("traces").size()).isEqualTo((int) Db.count(db, "SELECT count(*) FROM traces"));
        List<String> names = new ArrayList<>();
        page.path("traces").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).contains("Assistant.chat");
        for (JsonNode t : page.path("traces")) {
            if (t.path("name").asText().equals("Assistant.chat") && t.path("status").asText().equals("ok")) {
                assertThat(t.path("steps").asInt()).isEqualTo(5);
                assertThat(t.path("llmCalls").asInt()).isEqualTo(2);
                assertThat(t.path("totalTokens").asLong()).isPositive();
                assertThat(t.path("costUsd").asDouble()).as("gpt-4o-mini has a price").isPositive();
                assertThat(t.path("models").toString()).contains("gpt-4o-mini");
            }
            if (t.path("status").asText().equals("error")) {
                assertThat(t.path("errors").asInt()).isPositive();
            }
        }
        JsonNode info = viewer.json("/api/info");
        assertThat(info.path("schemaVersion").asInt()).as("the agent migrated the file").isEqualTo(4);
        assertThat(info.path("search").asText()).isEqualTo("fts");
    }

    @Test
    void anAiServiceTraceNestsModelCallsAndToolsAndReadsAsAChat() throws Exception {
        JsonNode t = trace("Assistant.chat");
        JsonNode steps = t.path("steps");
        JsonNode root = steps.get(0);
        assertThat(root.path("operation").asText()).isEqualTo("ai_service");
        List<String> ops = new ArrayList<>();
        for (JsonNode s : steps) {
            if (s != root) {
                assertThat(s.path("parentStepId").asText()).isEqualTo(root.path("id").asText());
            }
            ops.add(s.path("operation").asText());
        }
        assertThat(ops).containsExactly("ai_service", "chat", "tool", "tool", "chat");
        JsonNode firstCall = steps.get(1);
        assertThat(firstCall.path("conversation").path("input").get(0).path("role").asText()).isEqualTo("user");
        assertThat(firstCall.path("conversation").path("output").get(0).path("toolCalls").size()).isEqualTo(2);
        assertThat(firstCall.path("tools").toString()).contains("getWeather", "getTime");
        JsonNode lastCall = steps.get(4);
        List<String> roles = new ArrayList<>();
        lastCall.path("conversation").path("input").forEach(m -> roles.add(m.path("role").asText()));
        assertThat(roles).containsExactly("user", "assistant", "tool", "tool");
        assertThat(lastCall.path("conversation").path("output").get(0).path("text").asText()).startsWith("Echo:");
        JsonNode tool = steps.get(2);
        assertThat(tool.path("conversation").path("input").get(0).path("role").asText()).isEqualTo("call");
        assertThat(tool.path("conversation").path("output").get(0).path("text").asText()).contains("Paris");
        assertThat(firstCall.path("costUsd").asDouble()).isPositive();
        JsonNode raw = viewer.json("/api/steps/" + firstCall.path("id").asText());
        assertThat(raw.path("requestJson").asText()).contains("\"messages\"");
    }

    @Test
    void streamingStepsHaveTimeToFirstTokenAndSearchFindsPromptsAndAnswers() throws Exception {
        JsonNode page = viewer.json("/api/traces?q=Stream%20LangChain4j");
        assertThat(page.path("search").asText()).isEqualTo("fts");
        assertThat(page.path("traces")).hasSize(1);
        JsonNode streamed = viewer.json("/api/traces/" + page.path("traces").get(0).path("id").asText());
        assertThat(streamed.path("steps").get(0).path("ttftMs").asDouble()).isPositive();
        assertThat(viewer.json("/api/traces?q=Echo%20Sunny").path("traces").size()).as("answers are searched too")
                .isGreaterThanOrEqualTo(1);
        assertThat(viewer.json("/api/traces?provider=openai").path("traces").size()).isEqualTo(3);
        assertThat(viewer.json("/api/traces?status=error").path("traces").size()).isEqualTo(1);
    }

    @Test
    void analyticsCountTheRecordedModelCalls() throws Exception {
        long calls = Db.count(db, "SELECT count(*) FROM steps WHERE model IS NOT NULL AND operation NOT IN"
                + " ('tool', 'ai_service', 'method')");
        JsonNode r = viewer.json("/api/analytics");
        long sum = 0;
        for (JsonNode m : r.path("models")) {
            sum += m.path("calls").asLong();
            assertThat(m.path("p50").isNull() || m.path("p50").asDouble() > 0).isTrue();
        }
        assertThat(sum).isEqualTo(calls);
    }

    @Test
    void feedbackBecomesAnEvalRowAndOnlyFromTheViewersOrigin() throws Exception {
        JsonNode step = trace("Assistant.chat").path("steps").get(4);
        String path = "/api/steps/" + step.path("id").asText() + "/feedback";
        assertThat(viewer.post(path, "{\"rating\":\"up\",\"comment\":\"good answer\"}", viewer.origin()).statusCode())
                .isEqualTo(201);
        assertThat(viewer.post(path, "{\"rating\":\"up\"}", "http://attacker.example").statusCode()).isEqualTo(403);
        assertThat(Db.rows(db, "SELECT name, passed, detail FROM evals WHERE step_id = '" + step.path("id").asText() + "'"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("name")).isEqualTo("feedback");
                    assertThat(row.get("passed")).isEqualTo(1);
                    assertThat(row.get("detail")).isEqualTo("good answer");
                });
    }

    @Test
    void theCliShowsAndExportsTheSameTraces() throws Exception {
        String id = trace("Assistant.chat").path("id").asText();
        ForkedApp.Result show = ForkedApp.jar(ForkedApp.AGENT_JAR).withoutAgent()
                .args("traces", "show", id, "--db", db.toString()).run();
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.stdout()).contains("[ai_service] Assistant.chat", "[chat] ", "[tool] getWeather", "tokens");
        ForkedApp.Result list = ForkedApp.jar(ForkedApp.AGENT_JAR).withoutAgent()
                .args("traces", "list", "--db", db.toString(), "--limit", "100").run();
        assertThat(list.stdout().lines().count() - 1).isEqualTo(Db.count(db, "SELECT count(*) FROM traces"));
        Path out = dir.resolve("export.jsonl");
        ForkedApp.Result export = ForkedApp.jar(ForkedApp.AGENT_JAR).withoutAgent()
                .args("export", "--db", db.toString(), "--format", "jsonl", "--out", out.toString()).run();
        assertThat(export.exitCode()).as(export.toString()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat((long) lines.size()).isEqualTo(Db.count(db, "SELECT count(*) FROM traces"));
        long steps = 0;
        for (String line : lines) {
            steps += ViewerProcess.JSON.readTree(line).path("steps").size();
        }
        assertThat(steps).isEqualTo(Db.count(db, "SELECT count(*) FROM steps"));
    }
}
