package io.traceflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.sqlite.SQLiteDataSource;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.store.Schema;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Ids;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StepBinding;
import io.traceflow.core.write.StoreWriter;

/**
 * Sustained write throughput, in steps per second (the score is per step, through {@code OperationsPerInvocation}).
 *
 * <ul>
 * <li>{@link #traceflow}: the real path. One invocation offers {@link #STEPS_PER_OP} fresh steps to an
 * {@link EventQueue} drained by a {@link StoreWriter} with the production queue capacity, batch size and flush
 * interval, then waits until the writer reports them all committed ({@link StoreWriter#writtenCount()}). The op
 * is a whole number of batches, so the writer commits only full batches and never sits out a flush interval at
 * the end of an op: this measures the writer's sustained rate under load, not the flush timer.</li>
 * <li>{@link #rawJdbcCeiling}: the ceiling. The same rows, on one thread, straight into sqlite-jdbc: the same
 * schema (TraceStore.openForWriting, so the same pragmas), the same trace upsert and step insert (the writer's own
 * INSERT_STEP), addBatch/executeBatch, one transaction per batch-size rows. No queue, no second thread.</li>
 * </ul>
 *
 * Each trial writes to a fresh file in its own temporary folder, deleted at teardown. The TraceFlow trial fails if
 * anything was dropped or failed, or if the file does not hold every step offered.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class WritePathBenchmark {
    static final Config DEFAULTS = Config.defaults();
    static final int BATCH_SIZE = DEFAULTS.get(Settings.BATCH_SIZE);
    static final int FLUSH_INTERVAL_MS = DEFAULTS.get(Settings.FLUSH_INTERVAL_MS);
    static final int QUEUE_CAPACITY = DEFAULTS.get(Settings.QUEUE_CAPACITY);

    /** Steps per benchmark invocation: 16 full batches (16,384 with the default batch size 1024). */
    static final int BATCHES_PER_OP = 16;
    static final int STEPS_PER_OP = 16 * 1024;

    private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(120);

    @State(Scope.Benchmark)
    public static class TraceFlowPath {
        Path dir;
        EventQueue queue;
        StoreWriter writer;
        long offered;
        String thread;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws Exception {
            singleThreaded(params);
            if (STEPS_PER_OP != BATCHES_PER_OP * BATCH_SIZE || STEPS_PER_OP > QUEUE_CAPACITY) {
                throw new IllegalStateException("STEPS_PER_OP must be " + BATCHES_PER_OP + " x batch size ("
                        + BATCH_SIZE + ") and fit the queue (" + QUEUE_CAPACITY + ")");
            }
            dir = Files.createTempDirectory("traceflow-bench-");
            queue = new EventQueue(QUEUE_CAPACITY);
            writer = new StoreWriter(dir.resolve("traces.db"), queue, BATCH_SIZE, FLUSH_INTERVAL_MS,
                    new AgentRun(Map.of(), "benchmark", () -> 0L));
            writer.start();
            if (!writer.awaitOpened(30_000) || writer.storeUnavailable()) {
                writer.shutdown(5_000);
                deleteTree(dir);
                throw new IllegalStateException("the writer could not open " + dir);
            }
            thread = Thread.currentThread().getName();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            try {
                boolean drained = writer.shutdown(120_000);
                long dropped = queue.droppedCount();
                long failed = writer.failedCount();
                long written = writer.writtenCount();
                if (!drained || dropped != 0 || failed != 0 || written != offered) {
                    throw new IllegalStateException("write path lost events: offered " + offered + ", written "
                            + written + ", dropped " + dropped + ", failed " + failed + ", drained " + drained);
                }
                checkRows(dir.resolve("traces.db"), offered);
            } finally {
                deleteTree(dir);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class RawJdbc {
        /**
         * {@code none} (the ceiling proper: exactly what openForWriting gives). The others are diagnostics for
         * docs/benchmarks.md, run with {@code -p tuning=none,tmpfs,tuned}: {@code tmpfs} puts the file in /dev/shm
         * (no disk at all); {@code tuned} creates the file with 16 KiB pages and sets cache_size=64 MiB and
         * wal_autocheckpoint=10000 pages on the connection, store settings TraceFlow does not use today.
         */
        @Param({"none"})
        public String tuning;

        Path dir;
        Connection connection;
        PreparedStatement insertTrace;
        PreparedStatement insertStep;
        String runId;
        long inserted;
        String thread;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws Exception {
            singleThreaded(params);
            if (STEPS_PER_OP != BATCHES_PER_OP * BATCH_SIZE) {
                throw new IllegalStateException("STEPS_PER_OP must be " + BATCHES_PER_OP + " x batch size");
            }
            if (!"none".equals(tuning) && !"tmpfs".equals(tuning) && !"tuned".equals(tuning)) {
                throw new IllegalArgumentException("tuning must be none, tmpfs or tuned, not " + tuning);
            }
            dir = "tmpfs".equals(tuning) ? Files.createTempDirectory(Path.of("/dev/shm"), "traceflow-bench-raw-")
                    : Files.createTempDirectory("traceflow-bench-raw-");
            Path db = dir.resolve("traces.db");
            if ("tuned".equals(tuning)) {
                createWithPageSize(db, 16384);
            }
            connection = TraceStore.openForWriting(db);
            if ("tuned".equals(tuning)) {
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA cache_size=-65536");
                    s.execute("PRAGMA wal_autocheckpoint=10000");
                }
            }
            // the writer records its run first; do the same so trace rows can carry a real run id
            runId = Ids.newId();
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("INSERT INTO agent_runs (id, started_at) VALUES ('" + runId + "', "
                        + System.currentTimeMillis() + ")");
            }
            connection.setAutoCommit(false);
            insertTrace = connection.prepareStatement(SampleSteps.INSERT_TRACE);
            insertStep = connection.prepareStatement(SampleSteps.INSERT_STEP);
            thread = Thread.currentThread().getName();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            try {
                insertTrace.close();
                insertStep.close();
                connection.setAutoCommit(true);
                connection.close();
                checkRows(dir.resolve("traces.db"), inserted);
            } finally {
                deleteTree(dir);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS_PER_OP)
    public long traceflow(TraceFlowPath state) {
        EventQueue queue = state.queue;
        for (int i = 0; i < STEPS_PER_OP; i++) {
            if (!queue.offer(SampleSteps.newStep(state.thread))) {
                throw new IllegalStateException("EventQueue dropped a step (" + queue.droppedCount()
                        + " dropped); the benchmark must never overrun the queue");
            }
        }
        state.offered += STEPS_PER_OP;
        awaitWritten(state.writer, state.offered);
        return state.offered;
    }

    @Benchmark
    @OperationsPerInvocation(STEPS_PER_OP)
    public long rawJdbcCeiling(RawJdbc state) throws SQLException {
        PreparedStatement trace = state.insertTrace;
        PreparedStatement step = state.insertStep;
        for (int b = 0; b < BATCHES_PER_OP; b++) {
            for (int i = 0; i < BATCH_SIZE; i++) {
                StepRow s = SampleSteps.newStep(state.thread);
                SampleSteps.bindOwnTrace(trace, s, state.runId);
                trace.addBatch();
                StepBinding.bind(step, s); // exactly what the writer binds
                step.addBatch();
            }
            trace.executeBatch();
            step.executeBatch();
            state.connection.commit();
        }
        state.inserted += STEPS_PER_OP;
        return state.inserted;
    }

    /** Fixes the page size of a new file before TraceStore creates the schema in it (tuning=tuned only). */
    private static void createWithPageSize(Path db, int pageSize) throws SQLException {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size=" + pageSize);
            s.execute("PRAGMA application_id=" + Schema.APPLICATION_ID); // writes the header: the size sticks
        }
    }

    /** One producer (TraceFlow) or one inserting thread (ceiling); more would share the state's counters. */
    private static void singleThreaded(BenchmarkParams params) {
        if (params.getThreads() != 1) {
            throw new IllegalStateException("WritePathBenchmark runs with one benchmark thread (got -t "
                    + params.getThreads() + ")");
        }
    }

    private static void awaitWritten(StoreWriter writer, long target) {
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        while (writer.writtenCount() < target) {
            if (writer.failedCount() != 0) {
                throw new IllegalStateException(writer.failedCount() + " events failed to be written");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the writer wrote " + writer.writtenCount() + " of " + target
                        + " within " + TimeUnit.NANOSECONDS.toSeconds(WAIT_LIMIT_NANOS) + " s");
            }
            LockSupport.parkNanos(20_000);
        }
    }

    static void checkRows(Path db, long expected) throws Exception {
        try (Connection c = TraceStore.openReadOnly(db); Statement s = c.createStatement()) {
            long steps = count(s, "SELECT count(*) FROM steps");
            long traces = count(s, "SELECT count(*) FROM traces");
            if (steps != expected || traces != expected) {
                throw new IllegalStateException(db + " holds " + steps + " steps and " + traces + " traces, expected "
                        + expected + " of each");
            }
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
