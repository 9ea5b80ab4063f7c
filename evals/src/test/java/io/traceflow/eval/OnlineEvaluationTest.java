package io.traceflow.eval;

import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.TraceFinished;
import io.traceflow.core.model.TraceStarted;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Ids;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StoreWriter;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * The online path as the runtime wires it: StoreWriter hands each committed batch to OnlineEvaluation, whose results
 * come back through the queue. Misbehaving evaluators (throwing, hanging, slow) cost error results or unevaluated
 * steps, never the writer's pace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnlineEvaluationTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Throws on every step. */
    static final class Throws implements Evaluator {
        @Override
        public String name() {
            return "throws";
        }

        @Override
        public EvalResult evaluate(StepView step) {
            throw new IllegalStateException("evaluator bug on " + step.id());
        }
    }

    /** Never returns, and ignores interrupts. */
    static final class Hangs implements Evaluator {
        @Override
        public String name() {
            return "hangs";
        }

        @Override
        public EvalResult evaluate(StepView step) {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException ignored) {
                    // a badly written evaluator: keeps hanging
                }
            }
        }
    }

    /** Takes a while per step. */
    static final class Slow implements Evaluator {
        @Override
        public String name() {
            return "slow";
        }

        @Override
        public EvalResult evaluate(StepView step) throws InterruptedException {
            Thread.sleep(200);
            return EvalResult.pass("slow but fine");
        }
    }

    record Setup(EventQueue queue, StoreWriter writer, OnlineEvaluation evaluation) {
        void stop() {
            evaluation.finishPending(10_000);
            assertThat(writer.shutdown(30_000)).isTrue();
            evaluation.close();
        }
    }

    Setup start(Path db, String specs, long timeoutMs, int queueCapacity, Evaluator... extra) throws Exception {
        Config config = ConfigLoader.load(Map.of("traceflow.evals", specs, "traceflow.evals.timeout.ms",
                String.valueOf(timeoutMs)), Map.of());
        assertThat(config.problems()).isEmpty();
        EvalEnvironment env = EvalEnvironment.from(config);
        EventQueue queue = new EventQueue(100_000);
        StoreWriter writer = new StoreWriter(db, queue, 256, 20, new AgentRun(Map.of(), "test", () -> 0L));
        OnlineEvaluation evaluation = new OnlineEvaluation(config.get(io.traceflow.core.config.Settings.EVALS), env,
                EvaluatorRegistry.of(env, List.of(extra)), db, queue::offer, queueCapacity);
        writer.onCommit(evaluation);
        evaluation.start();
        writer.start();
        assertThat(writer.awaitOpened(30_000)).isTrue();
        open.add(evaluation);
        return new Setup(queue, writer, evaluation);
    }

    static StepRow step(String output) {
        StepRow s = TestDb.ownStep(System.currentTimeMillis());
        s.outputText = output;
        return s;
    }

    @Test
    void everyStepGetsAResultPerEvaluatorWithItsVersion() throws Exception {
        Path db = dir.resolve("online.db");
        Setup s = start(db, "not_empty,json_valid,max_latency_ms:2000,max_tokens:3", 5000, 1000);
        for (int i = 0; i < 50; i++) {
            s.queue().offer(step(i % 2 == 0 ? "{\"n\":" + i + "}" : "plain text"));
        }
        s.stop();
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(50);
            assertThat(count(c, "SELECT count(*) FROM evals")).isEqualTo(200);
            assertThat(strings(c, "SELECT name || ' ' || sum(passed) || '/' || count(*) || ' v' || evaluator_version"
                    + " FROM evals GROUP BY name ORDER BY name")).containsExactly("json_valid 25/50 v1",
                    "max_latency_ms:2000 50/50 v1", "max_tokens:3 0/50 v1", "not_empty 50/50 v1");
            assertThat(count(c, "SELECT count(*) FROM steps s WHERE (SELECT count(*) FROM evals e"
                    + " WHERE e.step_id = s.id) <> 4")).isZero();
        }
    }

    @Test
    void aThrowingOrHangingEvaluatorCostsErrorResultsNotTheWriterNorOtherEvaluators() throws Exception {
        Path db = dir.resolve("misbehaving.db");
        Setup s = start(db, "throws,hangs,not_empty", 150, 10_000, new Throws(), new Hangs());
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StepRow row = step("answer " + i);
            ids.add(row.id);
            assertThat(s.queue().offer(row)).isTrue();
        }
        // The writer keeps its pace: all steps are committed long before 2000 evaluations could time out.
        while (s.writer().writtenCount() < 2000 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
            Thread.sleep(10);
        }
        assertThat(s.writer().writtenCount()).isGreaterThanOrEqualTo(2000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(20_000);
        s.evaluation().finishPending(60_000);
        assertThat(s.writer().shutdown(30_000)).isTrue();
        s.evaluation().close();
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(2000);
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'not_empty' AND passed = 1")).isEqualTo(2000);
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'throws' AND passed IS NULL AND score IS NULL"
                    + " AND detail LIKE 'error: java.lang.IllegalStateException: evaluator bug on %'")).isEqualTo(2000);
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'hangs' AND passed IS NULL")).isEqualTo(2000);
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'hangs'"
                    + " AND detail = 'error: timed out after 150 ms (traceflow.evals.timeout.ms)'")).isPositive();
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'hangs' AND detail LIKE"
                    + " 'error: not run: earlier calls of this evaluator are still running past their time limit%'"))
                    .isPositive();
        }
        // Bounded: the hung evaluator holds at most two threads, plus one per concurrent worker.
        long hung = Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().endsWith("$Hangs")))
                .count();
        assertThat(hung).isLessThanOrEqualTo(EvalCalls.MAX_OVERRUNNING + OnlineEvaluation.WORKERS);
    }

    @Test
    void whenEvaluationCannotKeepUpStepsAreDroppedAndCountedNotWaitedFor() throws Exception {
        Path db = dir.resolve("slow.db");
        Setup s = start(db, "slow", 5000, 10, new Slow());
        long t0 = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            s.queue().offer(step("x"));
        }
        while (s.writer().writtenCount() < 500 && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
            Thread.sleep(10);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(s.writer().writtenCount()).isGreaterThanOrEqualTo(500);
        assertThat(elapsedMs).as("500 steps at 200 ms each would take 50 s; the writer did not wait").isLessThan(20_000);
        assertThat(s.evaluation().droppedCount()).isPositive();
        s.stop();
        try (Connection c = TraceStore.openReadOnly(db)) {
            long results = count(c, "SELECT count(*) FROM evals WHERE name = 'slow' AND passed = 1");
            assertThat(results).isPositive().isEqualTo(500 - s.evaluation().droppedCount());
        }
    }

    @Test
    void traceEvaluatorsRunWhenATraceFinishesAndLinkToItsRootStep() throws Exception {
        Path db = dir.resolve("traces.db");
        Setup s = start(db, "max_trace_latency_ms:1000,max_trace_tokens:8{kind=ai_service},max_latency_ms:100", 5000,
                1000);
        long now = System.currentTimeMillis();
        String trace = Ids.newId(now);
        String root = Ids.newId(now);
        s.queue().offer(new TraceStarted(trace, "Assistant.chat", "ai_service", now, root, null));
        StepRow call1 = TestDb.step(trace, now + 1);
        call1.parentStepId = root;
        StepRow call2 = TestDb.step(trace, now + 2);
        call2.parentStepId = root;
        call2.seq = 2;
        s.queue().offer(call1);
        s.queue().offer(call2);
        StepRow rootRow = TestDb.step(trace, now);
        rootRow.id = root;
        rootRow.seq = 0;
        rootRow.operation = "ai_service";
        rootRow.model = null;
        rootRow.promptTokens = rootRow.completionTokens = rootRow.totalTokens = null;
        rootRow.latencyMs = 1500.0;
        s.queue().offer(rootRow);
        s.queue().offer(new TraceFinished(trace, now + 1500, "ok", null));
        s.queue().offer(step("an auto trace"));
        s.stop();
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(strings(c, "SELECT e.name || ' ' || e.passed || ' ' || e.detail FROM evals e WHERE e.step_id = '"
                    + root + "' ORDER BY e.name")).containsExactly(
                    "max_trace_latency_ms:1000 0 trace latency 1500 ms > 1000 ms",
                    "max_trace_tokens:8 0 trace tokens 10 > 8");
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'max_latency_ms:100'")).as("model calls"
                    + " and the auto trace's step; not the root").isEqualTo(3);
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'max_trace_latency_ms:1000'")).as("the"
                    + " ai_service trace and the auto trace").isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'max_trace_tokens:8'")).as("filtered to"
                    + " kind=ai_service").isEqualTo(1);
        }
    }

    @Test
    void aBadSpecIsReportedAndTheOthersStillRun() throws Exception {
        Path db = dir.resolve("bad.db");
        Setup s = start(db, "nope,max_latency_ms:2000,regex:([", 5000, 100);
        s.queue().offer(step("x"));
        s.stop();
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(strings(c, "SELECT name FROM evals")).containsExactly("max_latency_ms:2000");
        }
    }
}
