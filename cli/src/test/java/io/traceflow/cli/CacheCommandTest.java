package io.traceflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;

class CacheCommandTest {
    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void fill() throws Exception {
        db = dir.resolve("t.db");
        long now = System.currentTimeMillis();
        try (Connection c = TraceStore.openForWriting(db); PreparedStatement p = c.prepareStatement(
                "INSERT INTO llm_cache (key, namespace, provider, operation, model, request_json, response_json,"
                        + " original_latency_ms, created_at, hit_count) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            Object[][] rows = {
                {"k1aaaaaaaaaaaaaaaaaa", "", "openai", "chat", "gpt-4o-mini", "{}", "{\"a\":1}", 100.0, now, 3},
                {"k2aaaaaaaaaaaaaaaaaa", "suite", "openai", "chat", "gpt-4o", "{}", "{\"a\":2}", 200.0, now - 10L * 86_400_000, 0},
                {"k3aaaaaaaaaaaaaaaaaa", "", "langchain4j", "embeddings", "text-embedding-3-small", "{}", "{}", 5.0, now, 1}};
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    p.setObject(i + 1, row[i]);
                }
                p.executeUpdate();
            }
        }
    }

    String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TraceFlowCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void statsAndList() {
        String[] stats = run("cache", "stats", "--db", db.toString());
        assertThat(stats[0]).isEqualTo("0");
        assertThat(stats[1]).contains("entries           3", "hits (recorded)   4");
        String[] list = run("cache", "list", "--db", db.toString(), "--model", "gpt-4o");
        assertThat(list[1]).contains("k2aaaaaaaaaaaaaa", "[suite]").doesNotContain("k1aaaaaaaaaaaaaa");
    }

    @Test
    void clearByAgeModelAndNamespace() throws Exception {
        assertThat(run("cache", "clear", "--db", db.toString(), "--older-than", "7d")[1]).contains("deleted 1");
        assertThat(run("cache", "clear", "--db", db.toString(), "--model", "nope")[1]).contains("deleted 0");
        assertThat(run("cache", "clear", "--db", db.toString(), "--namespace", "")[1]).contains("deleted 2");
        try (Connection c = TestDb.raw(db)) {
            assertThat(TestDb.count(c, "SELECT count(*) FROM llm_cache")).isZero();
        }
    }

    @Test
    void exportThenImportIntoANewFileRoundTrips() throws Exception {
        Path jsonl = dir.resolve("rec.jsonl");
        assertThat(run("cache", "export", "--db", db.toString(), "--to", jsonl.toString())[1]).contains("exported 3");
        assertThat(Files.readAllLines(jsonl)).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{\"key\":"));
        Path other = dir.resolve("other.db");
        assertThat(run("cache", "import", "--db", other.toString(), "--from", jsonl.toString())[1])
                .contains("imported 3 of 3");
        assertThat(run("cache", "import", "--db", other.toString(), "--from", jsonl.toString())[1])
                .contains("imported 0 of 3");
        try (Connection c = TestDb.raw(other)) {
            assertThat(TestDb.string(c, "SELECT response_json FROM llm_cache WHERE key LIKE 'k2%'")).isEqualTo("{\"a\":2}");
            assertThat(TestDb.string(c, "SELECT namespace FROM llm_cache WHERE key LIKE 'k2%'")).isEqualTo("suite");
        }
    }

    @Test
    void importOfABadFileIsOneClearLine() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"key\":\"x\",\"request_json\":\"{}\",\"response_json\":\"{}\"}\nnot json\n");
        String[] result = run("cache", "import", "--db", db.toString(), "--from", bad.toString());
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2].trim()).startsWith("traceflow: ").contains("line 2").doesNotContain("\n");
    }
}
