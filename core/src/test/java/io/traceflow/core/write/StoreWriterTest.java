package io.traceflow.core.write;

import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.countRows;
import static io.traceflow.core.store.TestDb.sha256;
import static io.traceflow.core.store.TestDb.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.traceflow.core.model.EvalRow;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.TraceFinished;
import io.traceflow.core.model.TraceStarted;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Ids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreWriterTest {
    @TempDir
    Path dir;

    static AgentRun run() {
        return new AgentRun(Map.of("traceflow.batch.size", "test"), "test", () -> 0L);
    }

    private static void runAll(List<Thread> threads) throws InterruptedException {
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void sixteenProducersEveryAcceptedEventLandsExactlyOnce() throws Exception {
        Path db = dir.resolve("many.db");
        int producers = 16;
        int perProducer = 10_000;
        EventQueue queue = new EventQueue(producers * perProducer + producers * 300);
        AgentRun run = run();
        StoreWriter writer = new StoreWriter(db, queue, 1024, 50, run);
        writer.start();
        assertThat(writer.awaitOpened(30_000)).isTrue();
        assertThat(writer.storeUnavailable()).isFalse();

        Set<String> acceptedSteps = ConcurrentHashMap.newKeySet();
        Set<String> acceptedTraces = ConcurrentHashMap.newKeySet();
        AtomicLong rejected = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            boolean owning = p % 2 == 0;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                String trace = null;
                for (int i = 0; i < perProducer; i++) {
                    long now = System.currentTimeMillis();
                    StepRow step;
                    if (owning) {
                        step = TestDb.ownStep(now);
                        if (!queue.offer(step)) {
                            rejected.incrementAndGet();
                            continue;
                        }
                        acceptedTraces.add(step.traceId);
                    } else {
                        if (i % 100 == 0) {
                            trace = Ids.newId(now);
                            if (queue.offer(new TraceStarted(trace, "Assistant.chat", "ai_service", now, null, "m1"))) {
                                acceptedTraces.add(trace);
                            } else {
                                rejected.incrementAndGet();
                            }
                        }
                        step = TestDb.step(trace, now);
                        step.seq = i % 100;
                        if (!queue.offer(step)) {
                            rejected.incrementAndGet();
                            continue;
                        }
                        if (i % 100 == 99 && !queue.offer(new TraceFinished(trace, now + 1, "ok", null))) {
                            rejected.incrementAndGet();
                        }
                    }
                    acceptedSteps.add(step.id);
                }
            }, "producer-" + p));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(writer.shutdown(60_000)).as("writer drained in time").isTrue();

        assertThat(rejected.get()).as("queue was large enough").isZero();
        assertThat(queue.droppedCount()).isZero();
        assertThat(acceptedSteps).hasSize(producers * perProducer);
        long acceptedEvents = queue.acceptedCount();
        assertThat(acceptedEvents).isEqualTo(producers * perProducer + (producers / 2) * 2L * (perProducer / 100));
        assertThat(writer.writtenCount()).isEqualTo(acceptedEvents);
        assertThat(writer.failedCount()).isZero();

        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(acceptedSteps.size());
            assertThat(count(c, "SELECT count(DISTINCT id) FROM steps")).isEqualTo(acceptedSteps.size());
            assertThat(new HashSet<>(strings(c, "SELECT id FROM steps"))).isEqualTo(acceptedSteps);
            assertThat(new HashSet<>(strings(c, "SELECT id FROM traces"))).isEqualTo(acceptedTraces);
            assertThat(count(c, "SELECT count(*) FROM traces WHERE status = 'running'")).isZero();
            assertThat(count(c, "SELECT count(*) FROM traces WHERE kind = 'ai_service' AND memory_id = 'm1'"
                    + " AND ended_at IS NOT NULL")).isEqualTo((producers / 2) * (perProducer / 100));
            assertThat(count(c, "SELECT count(*) FROM traces WHERE run_id = '" + run.id() + "'"))
                    .isEqualTo(acceptedTraces.size());
            assertThat(count(c, "PRAGMA foreign_key_check")).isZero();
            assertThat(count(c, "SELECT events_written FROM agent_runs WHERE id = '" + run.id() + "'"))
                    .isEqualTo(acceptedEvents);
            assertThat(count(c, "SELECT events_dropped + events_failed FROM agent_runs")).isZero();
            assertThat(count(c, "SELECT count(*) FROM agent_runs WHERE ended_at IS NOT NULL")).isEqualTo(1);
        }
        assertThat(Files.size(db.resolveSibling("many.db-wal"))).as("WAL checkpointed at shutdown").isZero();
    }

    @Test
    void fullQueueDropsWithoutBlockingAndRecordsTheCount() throws Exception {
        Path db = dir.resolve("overflow.db");
        EventQueue queue = new EventQueue(8);
        AgentRun run = run();
        StoreWriter writer = new StoreWriter(db, queue, 100, 10, run);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Stands for a stalled disk: the writer thread is stuck inside a batch.
        WriteEvent stall = sink -> {
            stalled.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        writer.start();
        assertThat(queue.offer(stall)).isTrue();
        assertThat(stalled.await(30, TimeUnit.SECONDS)).isTrue();

        int producers = 4;
        int perProducer = 1_000;
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong slowestOfferNanos = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    StepRow step = TestDb.ownStep(System.currentTimeMillis());
                    long t0 = System.nanoTime();
                    boolean ok = queue.offer(step);
                    slowestOfferNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    (ok ? accepted : rejected).incrementAndGet();
                }
            }));
        }
        runAll(threads);

        assertThat(accepted.get()).isEqualTo(queue.capacity());
        assertThat(rejected.get()).isEqualTo(producers * perProducer - queue.capacity());
        assertThat(queue.droppedCount()).isEqualTo(rejected.get());
        // "never blocks": not a latency benchmark, just far below anything that waits on the writer
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowestOfferNanos.get())).isLessThan(2_000);

        release.countDown();
        assertThat(writer.shutdown(30_000)).isTrue();
        assertThat(countRows(db, "steps")).isEqualTo(queue.capacity());
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT events_dropped FROM agent_runs WHERE id = '" + run.id() + "'"))
                    .isEqualTo(rejected.get());
            assertThat(count(c, "SELECT events_written FROM agent_runs")).isEqualTo(queue.capacity() + 1);
        }
    }

    @Test
    void overflowBeforeTheWriterStartsIsCountedToo() throws Exception {
        Path db = dir.resolve("not-started.db");
        EventQueue queue = new EventQueue(5);
        StoreWriter writer = new StoreWriter(db, queue, 100, 10, run());
        int rejected = 0;
        for (int i = 0; i < 50; i++) {
            if (!queue.offer(TestDb.ownStep(System.currentTimeMillis()))) {
                rejected++;
            }
        }
        assertThat(rejected).isEqualTo(45);
        writer.start();
        assertThat(writer.shutdown(30_000)).isTrue();
        assertThat(countRows(db, "steps")).isEqualTo(5);
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT events_dropped FROM agent_runs")).isEqualTo(45);
        }
    }

    @Test
    void shutdownDrainsEverythingAcceptedAndDoesNotWaitForTheFlushInterval() throws Exception {
        Path db = dir.resolve("drain.db");
        EventQueue queue = new EventQueue(10_000);
        // the longest flush interval allowed: shutdown must not wait for it
        StoreWriter writer = new StoreWriter(db, queue, 1000, 60_000, run());
        writer.start();
        assertThat(writer.awaitOpened(30_000)).isTrue();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2_500; i++) {
            StepRow step = TestDb.ownStep(System.currentTimeMillis());
            assertThat(queue.offer(step)).isTrue();
            ids.add(step.id);
        }
        // two full batches commit; the last 500 wait in a partial batch for the (long) flush interval
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((queue.size() > 0 || writer.writtenCount() < 2_000) && System.nanoTime() < waitUntil) {
            Thread.sleep(5);
        }
        Thread.sleep(200);
        assertThat(writer.writtenCount()).isEqualTo(2_000);
        long t0 = System.nanoTime();
        assertThat(writer.shutdown(20_000)).as("shutdown finished in time").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(new HashSet<>(strings(c, "SELECT id FROM steps"))).isEqualTo(ids);
        }
        assertThat(writer.writtenCount()).isEqualTo(2_500);
    }

    @Test
    void aPartialBatchIsCommittedAfterTheFlushInterval() throws Exception {
        Path db = dir.resolve("interval.db");
        EventQueue queue = new EventQueue(100);
        StoreWriter writer = new StoreWriter(db, queue, 1000, 100, run());
        writer.start();
        assertThat(writer.awaitOpened(30_000)).isTrue();
        for (int i = 0; i < 3; i++) {
            queue.offer(TestDb.ownStep(System.currentTimeMillis()));
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long seen = 0;
        while (seen < 3 && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
            seen = countRows(db, "steps");
        }
        assertThat(seen).as("committed without a shutdown").isEqualTo(3);
        assertThat(writer.shutdown(30_000)).isTrue();
    }

    @Test
    void idleWriterShutsDownPromptly() throws Exception {
        Path db = dir.resolve("idle.db");
        EventQueue queue = new EventQueue(10);
        StoreWriter writer = new StoreWriter(db, queue, 10, 60_000, run());
        writer.start();
        assertThat(writer.awaitOpened(30_000)).isTrue();
        Thread.sleep(100); // let it settle into waiting for a first event
        long t0 = System.nanoTime();
        assertThat(writer.shutdown(20_000)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT count(*) FROM agent_runs WHERE ended_at IS NOT NULL")).isEqualTo(1);
        }
    }

    @Test
    void offersAfterShutdownAndNullOffersAreRefusedWithoutThrowing() throws Exception {
        Path db = dir.resolve("closed.db");
        EventQueue queue = new EventQueue(100);
        StoreWriter writer = new StoreWriter(db, queue, 10, 10, run());
        writer.start();
        assertThat(queue.offer(null)).isFalse();
        assertThat(queue.offer(TestDb.ownStep(System.currentTimeMillis()))).isTrue();
        assertThat(writer.shutdown(30_000)).isTrue();
        assertThat(queue.isClosed()).isTrue();
        assertThatCode(() -> {
            assertThat(queue.offer(TestDb.ownStep(System.currentTimeMillis()))).isFalse();
            assertThat(queue.offer(null)).isFalse();
        }).doesNotThrowAnyException();
        assertThat(writer.shutdown(1_000)).as("a second shutdown is harmless").isTrue();
        assertThat(countRows(db, "steps")).isEqualTo(1);
    }

    @Test
    void concurrentOffersDuringShutdownAreEitherWrittenOrRefused() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path db = dir.resolve("race-" + round + ".db");
            EventQueue queue = new EventQueue(5_000);
            StoreWriter writer = new StoreWriter(db, queue, 256, 5, run());
            writer.start();
            assertThat(writer.awaitOpened(30_000)).isTrue();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                threads.add(new Thread(() -> {
                    while (!queue.isClosed()) {
                        queue.offer(TestDb.ownStep(System.currentTimeMillis()));
                    }
                    for (int i = 0; i < 100; i++) {
                        queue.offer(TestDb.ownStep(System.currentTimeMillis()));
                    }
                }));
            }
            threads.forEach(Thread::start);
            Thread.sleep(30);
            assertThat(writer.shutdown(60_000)).isTrue();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(writer.writtenCount()).as("round %d: written = accepted", round)
                    .isEqualTo(queue.acceptedCount());
            assertThat(countRows(db, "steps")).isEqualTo(queue.acceptedCount());
        }
    }

    @Test
    void pathUnderARegularFileMakesTheStoreUnavailableAndOffersNeverBlock() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain-file"), "x");
        EventQueue queue = new EventQueue(4);
        StoreWriter writer = new StoreWriter(plain.resolve("traces.db"), queue, 10, 10, run());
        writer.start();
        assertThat(writer.awaitOpened(30_000)).isTrue();
        assertThat(writer.storeUnavailable()).isTrue();
        assertOffersNeverBlock(queue);
        assertThat(writer.shutdown(5_000)).isTrue();
        assertThat(Files.readString(plain)).isEqualTo("x");
    }

    @Test
    void nonSqliteFileMakesTheStoreUnavailableAndIsLeftUntouched() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.db"), "these are my notes, not a database\n".repeat(50));
        String before = sha256(notes);
        EventQueue queue = new EventQueue(4);
        StoreWriter writer = new StoreWriter(notes, queue, 10, 10, run());
        writer.start();
        assertThat(writer.awaitOpened(30_000)).isTrue();
        assertThat(writer.storeUnavailable()).isTrue();
        assertOffersNeverBlock(queue);
        assertThat(writer.shutdown(5_000)).isTrue();
        assertThat(sha256(notes)).isEqualTo(before);
    }

    private static void assertOffersNeverBlock(EventQueue queue) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            assertThat(queue.offer(TestDb.ownStep(System.currentTimeMillis()))).isFalse();
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
        assertThat(queue.size()).isZero();
    }

    @Test
    void aBadRowCostsOnlyThatEventNotItsBatch() throws Exception {
        Path db = dir.resolve("bad-row.db");
        EventQueue queue = new EventQueue(1_000);
        AgentRun run = run();
        StoreWriter writer = new StoreWriter(db, queue, 500, 10, run);
        List<StepRow> steps = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 10; i++) {
            steps.add(TestDb.ownStep(now));
        }
        String trace = Ids.newId(now);
        // queued before the writer starts, so all of it forms one batch
        steps.forEach(queue::offer);
        queue.offer(new TraceStarted(trace, "Agent.run", "method", now, null, null));
        queue.offer(new EvalRow(Ids.newId(), steps.get(0).id, "length", 0.9, true, null, "1", now));
        queue.offer(new EvalRow(Ids.newId(), "NO-SUCH-STEP", "length", 0.1, false, "orphan", "1", now));
        for (int i = 0; i < 10; i++) {
            StepRow s = TestDb.step(trace, now);
            s.seq = i;
            steps.add(s);
            queue.offer(s);
        }
        queue.offer(new TraceFinished(trace, now + 5, "error", "java.lang.IllegalStateException: boom"));
        assertThat(queue.size()).isEqualTo(24);

        writer.start();
        assertThat(writer.shutdown(30_000)).isTrue();
        assertThat(writer.failedCount()).isEqualTo(1);
        assertThat(writer.writtenCount()).isEqualTo(23);
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(20);
            assertThat(strings(c, "SELECT step_id FROM evals")).containsExactly(steps.get(0).id);
            assertThat(strings(c, "SELECT status || ' ' || kind || ' ' || error FROM traces WHERE id = '"
                    + trace + "'")).containsExactly("error method java.lang.IllegalStateException: boom");
            assertThat(count(c, "SELECT events_failed FROM agent_runs WHERE id = '" + run.id() + "'")).isEqualTo(1);
            assertThat(count(c, "SELECT events_written FROM agent_runs")).isEqualTo(23);
        }
    }

    @Test
    void aStepWhoseTraceStartWasDroppedStillLands() throws Exception {
        Path db = dir.resolve("orphan.db");
        EventQueue queue = new EventQueue(100);
        StoreWriter writer = new StoreWriter(db, queue, 100, 10, run());
        writer.start();
        long now = System.currentTimeMillis();
        String trace = Ids.newId(now);
        queue.offer(TestDb.step(trace, now));
        queue.offer(new TraceFinished(trace, now + 3, "ok", null));
        assertThat(writer.shutdown(30_000)).isTrue();
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT count(*) FROM steps WHERE trace_id = '" + trace + "'")).isEqualTo(1);
            assertThat(strings(c, "SELECT status FROM traces WHERE id = '" + trace + "'")).containsExactly("ok");
        }
    }
}
