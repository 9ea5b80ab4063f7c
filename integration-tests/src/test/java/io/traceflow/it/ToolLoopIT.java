package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.LangChain4jScenarioApp;
import io.traceflow.it.apps.OpenAiScenarioApp;

/**
 * A manual tool loop, with no AI Service and no trace root: the app calls a model with tools, runs the tool the
 * answer asks for, and calls the model again with the result. The calls (and the tool execution, when it goes through
 * a hooked {@code ToolExecutor}) are one trace, linked by the tool call's id; an unrelated call after it is not.
 */
class ToolLoopIT {
    @TempDir
    Path dir;

    @Test
    void langChain4jModelToolAndFollowUpAreOneTrace() throws Exception {
        Path db = run(LangChain4jScenarioApp.class);
        List<Map<String, Object>> loop = loopSteps(db);
        List<String> names = loop.stream().map(r -> r.get("operation") + " " + r.get("name")).toList();
        assertThat(names).hasSize(4).startsWith("chat OpenAiChatModel gpt-4o-mini")
                .endsWith("chat OpenAiChatModel gpt-4o-mini");
        assertThat(names.subList(1, 3)).containsExactlyInAnyOrder("tool getWeather", "tool getTime");
        assertLinked(db, loop);
    }

    @Test
    void openAiSdkCallAndFollowUpAreOneTrace() throws Exception {
        Path db = run(OpenAiScenarioApp.class);
        List<Map<String, Object>> loop = loopSteps(db);
        assertThat(loop).extracting(r -> r.get("operation") + " " + r.get("name"))
                .containsExactly("chat openai.chat gpt-4o-mini", "chat openai.chat gpt-4o-mini");
        assertLinked(db, loop);
    }

    private Path run(Class<?> app) throws Exception {
        Path db = dir.resolve(app.getSimpleName() + ".db");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            ForkedApp.Result result = ForkedApp.main(app).property("traceflow.db", db.toString())
                    .args(server.baseUrl(), "manual-tool-loop", "chat").run();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("Echo:");
        }
        return db;
    }

    /** The steps of the first trace, in order. */
    private static List<Map<String, Object>> loopSteps(Path db) throws Exception {
        return Db.rows(db, "SELECT s.operation, s.name, s.parent_step_id, s.seq, s.ended_at, t.ended_at AS trace_end,"
                + " t.kind, t.status, t.root_step_id = s.id AS is_root FROM steps s JOIN traces t ON t.id = s.trace_id"
                + " WHERE s.trace_id = (SELECT trace_id FROM steps ORDER BY started_at LIMIT 1) ORDER BY s.seq");
    }

    private static void assertLinked(Path db, List<Map<String, Object>> loop) throws Exception {
        assertThat(loop).allSatisfy(step -> {
            assertThat(step.get("parent_step_id")).isNull();
            assertThat(step.get("kind")).isEqualTo("auto");
            assertThat(step.get("status")).isEqualTo("ok");
        });
        assertThat(loop.get(0).get("is_root")).isEqualTo(1);
        assertThat(loop).extracting(r -> ((Number) r.get("seq")).longValue()).isSorted().doesNotHaveDuplicates();
        // The trace ends with its last step, not its first.
        long lastEnd = ((Number) loop.get(loop.size() - 1).get("ended_at")).longValue();
        assertThat(((Number) loop.get(0).get("trace_end")).longValue()).isEqualTo(lastEnd);
        // The unrelated call after the loop is a trace of its own.
        assertThat(Db.count(db, "SELECT count(*) FROM traces")).isEqualTo(2);
        assertThat(Db.count(db, "SELECT advice_errors FROM agent_runs")).isZero();
    }
}
