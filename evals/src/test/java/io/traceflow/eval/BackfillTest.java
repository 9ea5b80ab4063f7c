package io.traceflow.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.EvalSpec;
import io.traceflow.core.config.StepFilter;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StoreWriter;

class BackfillTest {
    @TempDir
    Path dir;

    @Test
    void longRunsReportProgressPageByPage() throws Exception {
        Path db = dir.resolve("many.db");
        EventQueue queue = new EventQueue(1000);
        StoreWriter writer = new StoreWriter(db, queue, 500, 10, new AgentRun(Map.of(), "test", () -> 0L));
        writer.start();
        for (int i = 0; i < 450; i++) {
            queue.offer(TestDb.ownStep(System.currentTimeMillis()));
        }
        assertThat(writer.shutdown(30_000)).isTrue();
        EvaluatorRegistry registry = EvaluatorRegistry.of(EvalEnvironment.from(Config.defaults()), List.of());
        StringWriter progress = new StringWriter();
        Backfill.Summary summary;
        try (Connection c = TraceStore.openExisting(db); EvalCalls calls = new EvalCalls(5000, "test-call")) {
            summary = new Backfill(List.of(registry.configure(EvalSpec.parse("max_tokens:4"))), calls,
                    new PrintWriter(progress, true), 0).run(c, new Backfill.Options(null, null, StepFilter.ALL, false, 3));
        }
        assertThat(summary.steps()).isEqualTo(450);
        assertThat(summary.failed()).isEqualTo(450);
        assertThat(progress.toString().lines().toList()).containsExactly(
                "eval: 200/450 steps (44%), 200 results written, " + rate(progress, 0),
                "eval: 400/450 steps (88%), 400 results written, " + rate(progress, 1),
                "eval: 450/450 steps (100%), 450 results written, " + rate(progress, 2));
    }

    /** The rate part of a progress line, which depends on the machine's speed. */
    private static String rate(StringWriter progress, int line) {
        String l = progress.toString().lines().toList().get(line);
        return l.substring(l.lastIndexOf(", ") + 2);
    }
}
