package io.traceflow.cli;

import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.TraceFinished;
import io.traceflow.core.model.TraceStarted;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Ids;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StoreWriter;
import io.traceflow.fake.FakeOpenAiServer;

/** {@code eval} (offline backfill) and {@code eval report} on a file written by the real writer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EvalCommandTest {
    private static final long DAY = TimeUnit.DAYS.toMillis(1);

    @TempDir
    Path dir;
    Path db;
    String aiTrace;
    String aiRoot;

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TraceFlowCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static StepRow step(long startedAt, String model, double latencyMs, String output) {
        StepRow s = TestDb.ownStep(startedAt);
        s.model = model;
        s.latencyMs = latencyMs;
        s.outputText = output;
        s.traceName = "chat " + model;
        return s;
    }

    /** 10 steps a week old and 10 from today (gpt-a: 100 ms, gpt-b: 900 ms), and one AI Service trace. */
    @BeforeEach
    void writeFile() throws Exception {
        db = dir.resolve("evals.db");
        List<WriteEvent> events = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 20; i++) {
            long at = (i < 10 ? now - 8 * DAY : now - 1000) + i;
            events.add(step(at, i % 2 == 0 ? "gpt-a" : "gpt-b", i % 2 == 0 ? 100 : 900, i % 4 == 0 ? "{\"ok\":1}" : "text"));
        }
        aiTrace = Ids.newId(now);
        aiRoot = Ids.newId(now);
        events.add(new TraceStarted(aiTrace, "Assistant.chat", "ai_service", now, aiRoot, null));
        StepRow inner = TestDb.step(aiTrace, now + 1);
        inner.parentStepId = aiRoot;
        inner.model = "gpt-a";
        events.add(inner);
        StepRow root = TestDb.step(aiTrace, now);
        root.id = aiRoot;
        root.seq = 0;
        root.operation = "ai_service";
        root.model = null;
        events.add(root);
        events.add(new TraceFinished(aiTrace, now + 3000, "ok", null));
        EventQueue queue = new EventQueue(1000);
        StoreWriter writer = new StoreWriter(db, queue, 100, 10, new AgentRun(Map.of(), "test", () -> 0L));
        writer.start();
        events.forEach(queue::offer);
        assertThat(writer.shutdown(30_000)).isTrue();
    }

    long evals(String where) throws Exception {
        try (Connection c = TraceStore.openReadOnly(db)) {
            return count(c, "SELECT count(*) FROM evals WHERE " + where);
        }
    }

    @Test
    void backfillWritesOneResultPerStepAndReRunningIsIdempotent() throws Exception {
        Result first = cli("eval", "--db", db.toString(), "--evaluator", "max_latency_ms:500,json_valid");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("evaluated 22 steps and 0 traces", "with 2 evaluator(s)",
                "42 results written (16 passed, 26 failed, 0 errors); 0 already evaluated, 2 not applicable");
        assertThat(evals("name = 'max_latency_ms:500'")).isEqualTo(21);
        assertThat(evals("name = 'json_valid' AND passed = 1")).isEqualTo(5);

        Result again = cli("eval", "--db", db.toString(), "--evaluator", "max_latency_ms:500",
                "--evaluator", "json_valid");
        assertThat(again.out()).contains("0 results written", "42 already evaluated");
        assertThat(evals("1")).isEqualTo(42);

        List<String> before = ids();
        Result forced = cli("eval", "--db", db.toString(), "--evaluator", "json_valid", "--force");
        assertThat(forced.out()).contains("21 results written");
        assertThat(evals("1")).isEqualTo(42);
        assertThat(ids()).isNotEqualTo(before);

        Result other = cli("eval", "--db", db.toString(), "--evaluator", "max_latency_ms:1000");
        assertThat(other.out()).as("another threshold is another evaluator").contains("21 results written");
    }

    @Test
    void costEvaluatorsPriceWithThePriceFile() throws Exception {
        // gpt-a and gpt-b are in no built-in table: without prices, an error result each
        Result unknown = cli("eval", "--db", db.toString(), "--evaluator", "max_cost:0.001{model=gpt-a}");
        assertThat(unknown.out()).as(unknown.err()).contains("0 passed, 0 failed, 11 errors");
        // 3 prompt tokens * 100/1M + 2 completion * 200/1M = 0.0007 USD
        Path prices = java.nio.file.Files.writeString(dir.resolve("prices.json"),
                "{\"gpt-a\": {\"input\": 100, \"output\": 200}}");
        Result priced = cli("eval", "--db", db.toString(), "--evaluator", "max_cost:0.001{model=gpt-a}", "--force",
                "--prices", prices.toString());
        assertThat(priced.out()).as(priced.err()).contains("11 results written (11 passed, 0 failed, 0 errors)");
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(strings(c, "SELECT DISTINCT detail FROM evals WHERE name = 'max_cost:0.001'"))
                    .containsExactly("cost USD 0.0007 <= 0.001");
        }
        Result missing = cli("eval", "--db", db.toString(), "--evaluator", "max_cost:0.001", "--prices",
                dir.resolve("missing.json").toString());
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("cannot read the price file");
    }

    private List<String> ids() throws Exception {
        try (Connection c = TraceStore.openReadOnly(db)) {
            return strings(c, "SELECT id FROM evals WHERE name = 'json_valid' ORDER BY step_id");
        }
    }

    @Test
    void sinceWhereAndTraceNarrowTheSteps() throws Exception {
        Result recent = cli("eval", "--db", db.toString(), "--evaluator", "max_latency_ms:500", "--since", "7d");
        assertThat(recent.out()).contains("evaluated 12 steps");
        Result model = cli("eval", "--db", db.toString(), "--evaluator", "not_empty", "--where", "model=gpt-b",
                "--since", "2000-01-01");
        assertThat(model.out()).contains("evaluated 10 steps", "10 results written (10 passed");
        Result trace = cli("eval", "--db", db.toString(), "--evaluator", "regex:x", "--trace", aiTrace);
        assertThat(trace.out()).contains("evaluated 2 steps", "1 results written", "1 not applicable");
        Result name = cli("eval", "--db", db.toString(), "--evaluator", "contains:t", "--where", "trace=Assistant.*",
                "--where", "operation=chat|responses");
        assertThat(name.out()).contains("evaluated 1 steps");
    }

    @Test
    void traceEvaluatorsLinkToTheRootStep() throws Exception {
        Result r = cli("eval", "--db", db.toString(), "--evaluator", "max_trace_latency_ms:2000{kind=ai_service}");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("evaluated 0 steps and 1 traces", "1 results written (0 passed, 1 failed");
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(strings(c, "SELECT step_id || ' ' || detail FROM evals"))
                    .containsExactly(aiRoot + " trace latency 3000 ms > 2000 ms");
        }
        assertThat(cli("eval", "--db", db.toString(), "--evaluator", "max_trace_latency_ms:2000").out())
                .contains("evaluated 0 steps and 21 traces", "20 results written", "1 already evaluated");
    }

    @Test
    void theJudgeRunsOfflineThroughTheConfiguredEndpoint() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            System.setProperty("traceflow.judge.url", server.baseUrl());
            try {
                Result r = cli("eval", "--db", db.toString(), "--evaluator", "llm_judge", "--since", "1d",
                        "--threads", "2");
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.err()).contains("judging with gpt-4o-mini at " + server.baseUrl());
                assertThat(r.out()).contains("evaluated 12 steps", "11 results written (11 passed");
                assertThat(server.requests()).hasSize(11).allSatisfy(b -> assertThat(b).contains("traceflow-judge"));
            } finally {
                System.clearProperty("traceflow.judge.url");
            }
        }
        assertThat(evals("name = 'llm_judge' AND evaluator_version = '1+gpt-4o-mini' AND score = 0.8")).isEqualTo(11);
    }

    @Test
    void reportShowsPassRatesPerEvaluatorModelAndTraceNameAndTheWorstSteps() throws Exception {
        cli("eval", "--db", db.toString(), "--evaluator", "max_latency_ms:500,json_valid,max_trace_latency_ms:2000");
        Result r = cli("eval", "report", "--db", db.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).contains("By evaluator", "By model", "By trace name", "Worst failing steps");
        assertThat(out).containsPattern("(?m)^max_latency_ms:500 +21 +11 +10 +0 +52\\.4% +");
        assertThat(out).containsPattern("(?m)^gpt-b +max_latency_ms:500 +10 +0 +10 +0 +0\\.0% +");
        assertThat(out).containsPattern("(?m)^Assistant\\.chat +max_trace_latency_ms:2000 +1 +0 +1 +0 +0\\.0% +");
        assertThat(out).containsPattern("chat gpt-b  gpt-b  failed 2 \\((json_valid, max_latency_ms:500|max_latency_ms:500, json_valid)\\), min score 0\\.000");

        Result recent = cli("eval", "report", "--db", db.toString(), "--since", "7d");
        assertThat(recent.out()).containsPattern("(?m)^max_latency_ms:500 +11 +");
        Result empty = cli("eval", "report", "--db", db.toString(), "--since", "2100-01-01");
        assertThat(empty.out()).contains("no evaluation results for steps in this period");
    }

    @Test
    void mistakesAreOneLine() {
        for (String[] args : List.of(new String[] {"eval", "--evaluator", "json_valid"},
                new String[] {"eval", "--db", "x.db"},
                new String[] {"eval", "--db", "x.db", "--evaluator", "nope"},
                new String[] {"eval", "--db", "x.db", "--evaluator", "max_latency_ms:soon"},
                new String[] {"eval", "--db", "x.db", "--evaluator", "json_valid", "--since", "yesterday"},
                new String[] {"eval", "--db", "x.db", "--evaluator", "json_valid", "--where", "colour=red"})) {
            Result r = cli(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err().lines().toList()).as(r.err()).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("traceflow: "));
        }
        Result missing = cli("eval", "--db", dir.resolve("missing.db").toString(), "--evaluator", "json_valid");
        assertThat(missing.err()).contains("no such file");
    }
}
