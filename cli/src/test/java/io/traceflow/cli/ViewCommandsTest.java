package io.traceflow.cli;

import static io.traceflow.viewer.ViewerTestData.eval;
import static io.traceflow.viewer.ViewerTestData.step;
import static io.traceflow.viewer.ViewerTestData.trace;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.traceflow.core.store.TraceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** traces list, traces show, export, and the one-line errors of ui and demo. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ViewCommandsTest {
    @TempDir
    Path dir;
    Path db;
    long now;

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TraceFlowCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void fill() throws Exception {
        db = dir.resolve("cli.db");
        now = System.currentTimeMillis();
        try (Connection c = TraceStore.openForWriting(db)) {
            trace(c, "old", "Old.run", "method", now - 10L * 86_400_000, now - 10L * 86_400_000 + 5, "ok");
            step(c, "o1", "old", null, 0, "chat", "gpt-4o", "openai", now - 10L * 86_400_000, 5, 1L, 1L, "ok", false,
                    "old question", "old answer");
            trace(c, "t1", "Assistant.chat", "ai_service", now - 1000, now - 500, "error");
            step(c, "r1", "t1", null, 0, "ai_service", null, "langchain4j", now - 1000, 500, null, null, "error", false,
                    "Weather, please", null);
            step(c, "s1", "t1", "r1", 1, "chat", "gpt-4o-mini", "langchain4j", now - 990, 120, 1000L, 100L, "ok", false,
                    "Weather, please", "calling getWeather, with \"quotes\", commas\nand lines");
            step(c, "s2", "t1", "r1", 2, "tool", null, "langchain4j", now - 860, 3, null, null, "ok", false,
                    "{\"city\":\"Paris\"}", "Sunny");
            eval(c, "e1", "s1", "feedback", false, now);
        }
    }

    @Test
    void tracesListNewestFirstWithFigures() {
        Result r = cli("traces", "list", "--db", db.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("STARTED").contains("ID", "DURATION", "TOKENS", "COST", "NAME");
        assertThat(lines.get(1)).contains("t1", "error", "500 ms", "3", "1,100", "$0.000210", "Assistant.chat",
                "[1 error]");
        assertThat(lines.get(2)).contains("old", "Old.run", "$0.000013");
        assertThat(cli("traces", "list", "--db", db.toString(), "--since", "1d").out().lines()).hasSize(2);
        assertThat(cli("traces", "list", "--db", db.toString(), "--limit", "1").out().lines()).hasSize(2);
        assertThat(cli("traces", "list", "--db", db.toString(), "--since", "1s").out()).contains("(no traces in the last 1s)");
        assertThat(cli("traces", "list", "--db", db.toString(), "--limit", "0").err()).startsWith("traceflow: --limit");
    }

    @Test
    void tracesShowIsATreeWithDurationsTokensAndErrors() {
        Result r = cli("traces", "show", "t1", "--db", db.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Assistant.chat  error  500 ms  1,100 tokens  $0.000210")
                .contains("└─ [ai_service] ai_service  500 ms  ERROR")
                .contains("   ├─ [chat] chat gpt-4o-mini  120 ms  1,000 in / 100 out  $0.000210")
                .contains("   └─ [tool] tool  3.0 ms")
                .contains("→ Sunny");
        Result missing = cli("traces", "show", "nope", "--db", db.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("traceflow: no trace nope");
    }

    @Test
    void exportJsonLinesOneTracePerLineWithStepsAndEvals() throws Exception {
        Path out = dir.resolve("out/traces.jsonl");
        Result r = cli("export", "--db", db.toString(), "--format", "jsonl", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("exported 2 traces");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        JsonNode t1 = new ObjectMapper().readTree(lines.get(1));
        assertThat(t1.path("id").asText()).isEqualTo("t1");
        assertThat(t1.path("steps")).hasSize(3);
        assertThat(t1.path("steps").get(1).path("request_json").path("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode call = t1.path("steps").get(1);
        assertThat(call.path("input_messages").at("/0/role").asText()).isEqualTo("user");
        assertThat(call.path("input_messages").at("/0/parts/0/type").asText()).isEqualTo("text");
        assertThat(call.path("output_messages").at("/0/role").asText()).isEqualTo("assistant");
        assertThat(call.path("parameters").path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(t1.path("steps").get(1).path("evals").get(0).path("name").asText()).isEqualTo("feedback");
        assertThat(new ObjectMapper().readTree(lines.get(0)).path("id").asText()).as("oldest first").isEqualTo("old");

        Result recent = cli("export", "--db", db.toString(), "--format", "jsonl", "--since", "1h");
        assertThat(recent.out().lines()).hasSize(1);
    }

    @Test
    void exportCsvQuotesCellsAndKeepsOneTracePerRecord() {
        Result r = cli("export", "--db", db.toString(), "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        String[] records = r.out().split("\r\n");
        assertThat(records).hasSize(3);
        assertThat(records[0]).isEqualTo(String.join(",", ExportCommand.CSV_COLUMNS));
        assertThat(records[2]).startsWith("t1,Assistant.chat,ai_service,error,").contains("\"[{\"\"id\"\":\"\"r1\"\"");
        assertThat(ExportCommand.csv("a,b\"c")).isEqualTo("\"a,b\"\"c\"");
        assertThat(cli("export", "--db", db.toString(), "--format", "xml").code()).isEqualTo(2);
    }

    @Test
    void uiAndDemoExplainWhatIsMissingInOneLine() {
        Result ui = cli("ui", "--db", dir.resolve("missing.db").toString(), "--port", "0");
        assertThat(ui.code()).isEqualTo(1);
        assertThat(ui.err().strip()).startsWith("traceflow: ").contains("no such file");
        Result open = cli("ui", "--db", db.toString(), "--port", "0", "--bind", "0.0.0.0");
        assertThat(open.err().strip()).startsWith("traceflow: ").contains("set a token");
        Result demo = cli("demo", "--db", dir.resolve("d.db").toString(), "--no-serve", "--agent-jar",
                dir.resolve("agent/target/traceflow-agent.jar").toString());
        assertThat(demo.code()).isEqualTo(1);
        assertThat(demo.err().strip()).startsWith("traceflow: the demo app (traceflow-demo.jar) is neither at")
                .contains("mvn -q -DskipTests package");
        Result help = cli("--help");
        assertThat(help.out()).contains("ui", "traces", "export", "demo");
    }
}
