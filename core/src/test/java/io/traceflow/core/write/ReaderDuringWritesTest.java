package io.traceflow.core.write;

import static io.traceflow.core.store.TestDb.count;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.traceflow.core.model.StepRow;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only connection polling while batches commit: it sees whole batches only, never SQLITE_BUSY, and its
 * reads complete while the writes go on (WAL).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReaderDuringWritesTest {
    private static final int BATCH = 250;
    private static final int BATCHES = 120;

    @TempDir
    Path dir;

    /** What the reader saw: every (steps, traces) pair, and every exception. */
    private static final class Reader extends Thread {
        final Path db;
        final AtomicBoolean stop = new AtomicBoolean();
        final TreeSet<Long> stepCounts = new TreeSet<>();
        final List<Throwable> errors = new java.util.ArrayList<>();
        final AtomicLong reads = new AtomicLong();
        volatile long slowestReadNanos;
        volatile boolean mismatched;

        Reader(Path db) {
            super("reader");
            this.db = db;
        }

        @Override
        public void run() {
            try (Connection c = TraceStore.openReadOnly(db); Statement s = c.createStatement()) {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    // one statement, one read transaction: both counts come from the same snapshot
                    try (ResultSet rs = s.executeQuery(
                            "SELECT (SELECT count(*) FROM steps), (SELECT count(*) FROM traces)")) {
                        rs.next();
                        long steps = rs.getLong(1);
                        if (steps != rs.getLong(2)) {
                            mismatched = true;
                        }
                        synchronized (stepCounts) {
                            stepCounts.add(steps);
                        }
                    }
                    slowestReadNanos = Math.max(slowestReadNanos, System.nanoTime() - t0);
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                synchronized (errors) {
                    errors.add(t);
                }
            }
        }

        void assertSawOnlyWholeBatches(long total) {
            assertThat(errors).as("reader errors (SQLITE_BUSY or other)").isEmpty();
            assertThat(mismatched).as("steps and traces counts from one snapshot differ").isFalse();
            assertThat(stepCounts).allSatisfy(n -> assertThat(n % BATCH).as("count %d", n).isZero());
            long inBetween = stepCounts.stream().filter(n -> n > 0 && n < total).count();
            assertThat(inBetween).as("distinct partial counts seen while writing: %s", stepCounts)
                    .isGreaterThanOrEqualTo(3);
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestReadNanos)).isLessThan(TraceStore.BUSY_TIMEOUT_MS);
        }
    }

    @Test
    void readerSeesOnlyWholeWriterBatches() throws Exception {
        Path db = dir.resolve("reader.db");
        EventQueue queue = new EventQueue(BATCH * BATCHES);
        // flush interval at its maximum: a batch commits only when it holds exactly BATCH events
        StoreWriter writer = new StoreWriter(db, queue, BATCH, 60_000, StoreWriterTest.run());
        writer.start();
        assertThat(writer.awaitOpened(30_000)).isTrue();

        Reader reader = new Reader(db);
        reader.start();
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < BATCH; i++) {
                StepRow step = TestDb.ownStep(System.currentTimeMillis());
                step.requestJson = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(200) + "\"}]}";
                assertThat(queue.offer(step)).isTrue();
            }
            Thread.sleep(3); // let the writer commit while the reader polls
        }
        long total = (long) BATCH * BATCHES;
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (writer.writtenCount() < total && System.nanoTime() < waitUntil) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
        reader.stop.set(true);
        reader.join();
        assertThat(writer.shutdown(30_000)).isTrue();

        assertThat(reader.reads.get()).isPositive();
        reader.assertSawOnlyWholeBatches(total);
        assertThat(TestDb.countRows(db, "steps")).isEqualTo(total);
    }

    @Test
    void readerSeesOnlyWholeTransactionsOfASeparateWritingConnection() throws Exception {
        Path db = dir.resolve("direct.db");
        TraceStore.openForWriting(db).close();
        Reader reader = new Reader(db);
        reader.start();
        long total = (long) BATCH * BATCHES;
        try (Connection w = TraceStore.openForWriting(db);
             PreparedStatement trace = w.prepareStatement(
                     "INSERT INTO traces (id, name, kind, started_at, status) VALUES (?, 't', 'auto', ?, 'ok')");
             PreparedStatement step = w.prepareStatement("INSERT INTO steps (id, trace_id, seq, operation,"
                     + " started_at, status, request_json) VALUES (?, ?, 1, 'chat', ?, 'ok', ?)")) {
            w.setAutoCommit(false);
            for (int b = 0; b < BATCHES; b++) {
                for (int i = 0; i < BATCH; i++) {
                    long now = System.currentTimeMillis();
                    String traceId = io.traceflow.core.util.Ids.newId(now);
                    trace.setString(1, traceId);
                    trace.setLong(2, now);
                    trace.executeUpdate();
                    step.setString(1, io.traceflow.core.util.Ids.newId(now));
                    step.setString(2, traceId);
                    step.setLong(3, now);
                    step.setString(4, "y".repeat(300));
                    step.executeUpdate();
                    if (i == BATCH / 2) {
                        Thread.sleep(1); // a reader polling mid-transaction must still see the last commit
                    }
                }
                w.commit();
            }
            w.setAutoCommit(true);
            assertThat(count(w, "SELECT count(*) FROM steps")).isEqualTo(total);
        } catch (SQLException e) {
            reader.stop.set(true);
            throw e;
        }
        Thread.sleep(50);
        reader.stop.set(true);
        reader.join();
        reader.assertSawOnlyWholeBatches(total);
    }
}
