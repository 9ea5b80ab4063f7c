package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.OpenAiScenarioApp;

/**
 * The documented settings (docs/configuration.md), each given as {@code -D} to a forked OpenAI SDK app under the
 * agent: what lands in the file, what the agent says on stderr, and that the app prints exactly what it prints
 * without the agent, whatever the setting.
 */
class SettingsIT {
    static final String[] SCENARIOS = {"chat", "stream", "responses", "embeddings", "secret-prompt"};
    /** Prompt and answer text of {@link #SCENARIOS}, as the fake server echoes it. */
    static final List<String> CONTENT = List.of("Hello there", "Stream please", "Hello responses", "Be brief",
            "Echo:", "alpha", "Please use key", OpenAiScenarioApp.PROMPT_SECRET);
    static final String TRUNCATED = "…[truncated]";

    static FakeOpenAiServer server;
    static ForkedApp.Result plain;

    @BeforeAll
    static void startServerAndRunWithoutAgent() throws Exception {
        server = FakeOpenAiServer.start();
        plain = app().withoutAgent().run();
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.stdout()).contains("Echo: Hello there", "Echo: Please use key " + OpenAiScenarioApp.PROMPT_SECRET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static ForkedApp app() {
        return ForkedApp.main(OpenAiScenarioApp.class).args(OpenAiCaptureIT.with(server.baseUrl(), SCENARIOS));
    }

    /** Runs the app under the agent with the given -D settings, checking what must hold for every setting. */
    static ForkedApp.Result traced(Path db, String... keyValues) throws Exception {
        ForkedApp app = app();
        if (db != null) {
            app.property("traceflow.db", db.toString());
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            app.property(keyValues[i], keyValues[i + 1]);
        }
        ForkedApp.Result result = app.run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as("app output under the agent").isEqualTo(plain.stdout());
        assertThat(result.stderr()).as("no stack trace on stderr").doesNotContain("\tat ");
        return result;
    }

    static List<String> warnings(ForkedApp.Result result) {
        return result.agentLines().stream().filter(l -> l.startsWith("[traceflow] WARN")).toList();
    }

    static String fileText(Path file) throws Exception {
        StringBuilder all = new StringBuilder();
        for (Path f : List.of(file, Path.of(file + "-wal"))) {
            if (Files.exists(f)) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    static List<String> fileNames(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void captureContentFalseKeepsMetadataButNoText(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("meta.db");
        traced(db, "traceflow.capture.content", "false");
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps ORDER BY started_at");
        assertThat(steps).hasSize(SCENARIOS.length);
        for (Map<String, Object> step : steps) {
            String what = step.get("operation") + " step";
            assertThat(step.get("input_text")).as(what).isNull();
            assertThat(step.get("output_text")).as(what).isNull();
            assertThat(step.get("request_json")).as(what).isNull();
            assertThat(step.get("response_json")).as(what).isNull();
            assertThat(step.get("model")).as(what).isNotNull();
            assertThat(step.get("status")).as(what).isEqualTo("ok");
            assertThat(step.get("prompt_tokens")).as(what).isNotNull();
            assertThat(step.get("total_tokens")).as(what).isNotNull();
            assertThat(((Number) step.get("latency_ms")).doubleValue()).as(what).isPositive();
            assertThat(step.get("truncated")).as(what).isEqualTo(0);
        }
        assertThat(steps).extracting(s -> s.get("operation"))
                .containsExactly("chat", "chat", "responses", "embeddings", "chat");
        assertThat(steps.get(0).get("completion_tokens")).isNotNull();
        assertThat(steps.get(0).get("finish_reason")).isEqualTo("stop");
        assertThat(steps.get(1).get("ttft_ms")).isNotNull();
        String bytes = fileText(db);
        for (String text : CONTENT) {
            assertThat(bytes).as("file bytes").doesNotContain(text);
        }
    }

    @Test
    void defaultRedactionMasksAKeyPastedIntoAPrompt(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("redact.db");
        traced(db);
        List<Map<String, Object>> rows = Db.rows(db, "SELECT * FROM steps WHERE input_text LIKE '%Please use key%'");
        assertThat(rows).hasSize(1);
        Map<String, Object> step = rows.get(0);
        assertThat(step.get("input_text")).isEqualTo("system: Be brief.\nuser: Please use key [REDACTED] for the call");
        assertThat(step.get("output_text")).isEqualTo("Echo: Please use key [REDACTED] for the call");
        assertThat((String) step.get("request_json")).contains("[REDACTED]");
        assertThat((String) step.get("response_json")).contains("[REDACTED]");
        assertThat(step.get("truncated")).isEqualTo(0);
        assertThat(fileText(db)).contains("Please use key").doesNotContain(OpenAiScenarioApp.PROMPT_SECRET)
                .doesNotContain("PromptSecret");
    }

    @Test
    void maxCharsCutsEveryTextAndMarksTheStepTruncated(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("cut.db");
        traced(db, "traceflow.capture.max.chars", "16");
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps ORDER BY started_at");
        assertThat(steps).hasSize(SCENARIOS.length).allSatisfy(s -> assertThat(s.get("truncated")).isEqualTo(1));
        for (Map<String, Object> step : steps) {
            for (String column : List.of("input_text", "output_text", "request_json", "response_json")) {
                String text = (String) step.get(column);
                if (text != null) {
                    assertThat(text.length()).as(column).isLessThanOrEqualTo(16 + TRUNCATED.length());
                }
            }
        }
        Map<String, Object> chat = steps.get(0);
        assertThat(chat.get("input_text")).isEqualTo("system: Be brief" + TRUNCATED);
        assertThat(chat.get("output_text")).isEqualTo("Echo: Hello ther" + TRUNCATED);
        assertThat(chat.get("model")).isEqualTo("gpt-4o-mini");
        assertThat(chat.get("total_tokens")).isNotNull();
    }

    @Test
    void instrumentationsNoneRecordsTheRunButNoSteps(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("none.db");
        ForkedApp.Result result = traced(db, "traceflow.instrumentations", "none");
        assertThat(result.agentLines()).hasSize(1);
        assertThat(result.agentLines().get(0)).contains("recording to", "(instrumentations: none)");
        assertThat(Db.count(db, "SELECT count(*) FROM steps")).isZero();
        assertThat(Db.count(db, "SELECT count(*) FROM traces")).isZero();
        assertThat(Db.count(db, "SELECT count(*) FROM agent_runs")).isEqualTo(1);
    }

    @Test
    void enabledFalseOpensNoFileAndSaysSoOnce(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("off.db");
        ForkedApp.Result result = traced(db, "traceflow.enabled", "false");
        assertThat(result.agentLines()).hasSize(1);
        assertThat(result.agentLines().get(0)).startsWith("[traceflow] INFO").contains("disabled");
        assertThat(fileNames(dir)).isEmpty();
    }

    @Test
    void anInvalidValueIsOneWarningAndTheRestStillWorks(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("invalid.db");
        ForkedApp.Result result = traced(db, "traceflow.queue.capacity", "abc");
        assertThat(warnings(result)).hasSize(1);
        assertThat(warnings(result).get(0)).contains("traceflow.queue.capacity", "abc", "allowed");
        assertThat(result.agentLines()).hasSize(2);
        assertThat(Db.count(db, "SELECT count(*) FROM steps")).isEqualTo(SCENARIOS.length);
    }

    @Test
    void aFileThatIsNotSqliteIsLeftUntouched(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.txt");
        String content = "These are my notes, not a database.\nSecond line.\n";
        Files.writeString(notes, content);
        ForkedApp.Result result = traced(notes);
        assertThat(warnings(result)).as(result.toString()).hasSize(1);
        assertThat(warnings(result).get(0)).contains(notes.toString(), "is not a SQLite database",
                ". The application runs untraced.");
        assertThat(Files.readString(notes)).isEqualTo(content);
        assertThat(fileNames(dir)).containsExactly("notes.txt");
    }

    @Test
    void aPathUnderARegularFileIsOneWarning(@TempDir Path dir) throws Exception {
        Path notes = dir.resolve("notes.txt");
        String content = "Not a folder.\n";
        Files.writeString(notes, content);
        Path db = notes.resolve("traces").resolve("trace.db");
        ForkedApp.Result result = traced(db);
        assertThat(warnings(result)).as(result.toString()).hasSize(1);
        assertThat(warnings(result).get(0)).contains(notes.toString(), "cannot create the folder",
                ". The application runs untraced.");
        assertThat(Files.readString(notes)).isEqualTo(content);
        assertThat(fileNames(dir)).containsExactly("notes.txt");
    }
}
