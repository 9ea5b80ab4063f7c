package io.traceflow.core.write;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.traceflow.core.log.AgentLog;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.store.StoreException;
import io.traceflow.core.store.TraceStore;

/**
 * The one thread that writes to the database. It opens the store (off the app's start-up path), then drains the
 * {@link EventQueue} in batches: a batch is committed when it holds {@code batchSize} events or when its first
 * event has waited {@code flushIntervalMs}. One transaction per batch keeps throughput high and means a reader
 * never sees half a batch.
 *
 * <p>Failures never reach the app: a store that cannot be opened turns tracing off after one warning; a batch the
 * database rejects is retried event by event so one bad row costs one row ({@code events_failed}), not a batch.
 */
public final class StoreWriter implements Runnable {
    private static final long COUNTS_UPDATE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int BUSY_RETRIES = 3;
    /** The writer connection's SQLite page cache, in KiB. */
    static final int WRITER_CACHE_KIB = 16 * 1024;
    /** Longest single wait on the queue, so {@link #shutdown} is noticed without waiting out a flush interval. */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How often a writer filling a batch looks at the queue again: bounds how late a full batch is noticed. */
    private static final long FILL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path dbPath;
    private final EventQueue queue;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final AgentRun run;
    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean storeUnavailable;
    private volatile Thread thread;
    private long lastCountsUpdate;
    /** Told about every commit (online evaluation); null when nobody listens. Set before {@link #start}. */
    private volatile CommitListener commitListener;

    public StoreWriter(Path dbPath, EventQueue queue, int batchSize, int flushIntervalMs, AgentRun run) {
        this.dbPath = dbPath;
        this.queue = queue;
        this.batchSize = batchSize;
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
        this.run = run;
    }

    /**
     * Registers the one listener told about every committed transaction (see {@link CommitListener}); call before
     * {@link #start}. The writer never waits for it: it is called after the commit and must return at once.
     */
    public void onCommit(CommitListener listener) {
        this.commitListener = listener;
    }

    /** Starts the daemon writer thread; it never keeps the JVM alive, {@link #shutdown} drains it instead. */
    public void start() {
        Thread t = new Thread(this, "traceflow-writer");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        Connection connection;
        try {
            connection = TraceStore.openForWriting(dbPath);
            try (Statement statement = connection.createStatement()) {
                // A batch of 1 KB-request steps is several MB: let it build in memory rather than spill
                // mid-transaction (SQLite's default page cache is 2 MB). Costs at most this much heap-outside RSS.
                statement.execute("PRAGMA cache_size=-" + WRITER_CACHE_KIB);
            }
            run.insert(connection);
        } catch (StoreException | SQLException | RuntimeException e) {
            storeUnavailable = true;
            queue.close();
            queue.discardAll();
            String reason = String.valueOf(e.getMessage());
            AgentLog.warn("cannot open the trace database: " + reason + (reason.endsWith(".") ? "" : ".")
                    + " The application runs untraced.");
            opened.countDown();
            finished.countDown();
            return;
        }
        opened.countDown();
        try (SqliteEventSink sink = new SqliteEventSink(connection, run.id(), commitListener != null)) {
            connection.setAutoCommit(false);
            drainLoop(connection, sink);
            closeStore(connection);
        } catch (Throwable t) {
            AgentLog.warn("the trace writer stopped unexpectedly; later events are not recorded", t);
            queue.close();
        } finally {
            TraceStore.closeQuietly(connection);
            finished.countDown();
        }
    }

    private void drainLoop(Connection connection, SqliteEventSink sink) throws InterruptedException {
        List<WriteEvent> batch = new ArrayList<>(batchSize);
        while (!(stopRequested && queue.isEmpty())) {
            WriteEvent first = queue.poll(stopRequested ? 1 : Math.min(flushIntervalNanos, STOP_CHECK_NANOS),
                    TimeUnit.NANOSECONDS);
            if (first == null) {
                updateCountsIfDue(connection, false);
                continue;
            }
            batch.add(first);
            fillBatch(batch);
            writeBatch(connection, sink, batch);
            batch.clear();
            updateCountsIfDue(connection, false);
        }
        // An offer that passed the queue's "closed" check just before shutdown may land after the loop saw the
        // queue empty: give such in-flight offers a moment, then write them too.
        Thread.sleep(5);
        while (queue.drainTo(batch, batchSize) > 0) {
            writeBatch(connection, sink, batch);
            batch.clear();
        }
    }

    /**
     * Adds waiting events until the batch is full or the first event has waited a flush interval.
     *
     * <p>It sleeps between looks at the queue instead of waiting on it: a writer waiting on the queue is woken by
     * every offer, and on the app thread that wake-up (a system call, often a context switch to the writer) cost
     * several microseconds per call, more than the rest of the agent's path (docs/benchmarks.md). Only the
     * first event of a batch wakes the writer now, in {@link #drainLoop}.
     */
    private void fillBatch(List<WriteEvent> batch) {
        long deadline = System.nanoTime() + flushIntervalNanos;
        while (batch.size() < batchSize) {
            if (queue.drainTo(batch, batchSize - batch.size()) > 0) {
                continue;
            }
            long remaining = deadline - System.nanoTime();
            if (stopRequested || remaining <= 0) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(remaining, FILL_CHECK_NANOS));
        }
    }

    private void writeBatch(Connection connection, SqliteEventSink sink, List<WriteEvent> batch) {
        for (int attempt = 0; ; attempt++) {
            try {
                for (WriteEvent event : batch) {
                    event.applyTo(sink);
                }
                sink.flush();
                connection.commit();
                written.add(batch.size());
                handOver(sink);
                return;
            } catch (SQLException | RuntimeException | LinkageError e) {
                // LinkageError: an adapter that does not fit the library version; it costs its own event only
                rollback(connection, sink);
                if (isBusy(e) && attempt < BUSY_RETRIES) {
                    AgentLog.debug("database busy, retrying a batch of " + batch.size());
                    continue;
                }
                AgentLog.debug("a batch of " + batch.size() + " failed; writing it event by event", e);
                writeOneByOne(connection, sink, batch);
                return;
            }
        }
    }

    private void writeOneByOne(Connection connection, SqliteEventSink sink, List<WriteEvent> batch) {
        for (WriteEvent event : batch) {
            try {
                event.applyTo(sink);
                sink.flush();
                connection.commit();
                written.increment();
                handOver(sink);
            } catch (SQLException | RuntimeException | LinkageError e) {
                rollback(connection, sink);
                failed.increment();
                AgentLog.debug("event not recorded: " + event.getClass().getSimpleName(), e);
            }
        }
    }

    /** Gives the listener what was just committed; its failure is its own and never the writer's. */
    private void handOver(SqliteEventSink sink) {
        CommitListener listener = commitListener;
        if (listener == null) {
            return;
        }
        try {
            sink.handCommittedTo(listener);
        } catch (RuntimeException | LinkageError e) {
            AgentLog.debug("the commit listener failed; the writer carries on", e);
        }
    }

    private static boolean isBusy(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED");
    }

    private static void rollback(Connection connection, SqliteEventSink sink) {
        try {
            if (sink != null) {
                sink.discard();
            }
            connection.rollback();
        } catch (SQLException ignored) {
            // the next commit attempt reports a broken connection
        }
    }

    private void updateCountsIfDue(Connection connection, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCountsUpdate < COUNTS_UPDATE_INTERVAL_NANOS) {
            return;
        }
        lastCountsUpdate = now;
        try {
            run.updateCounts(connection, written.sum(), queue.droppedCount(), failed.sum(),
                    force ? System.currentTimeMillis() : null);
            connection.commit();
        } catch (SQLException e) {
            rollback(connection, null);
            AgentLog.debug("could not update agent_runs counts", e);
        }
    }

    private void closeStore(Connection connection) {
        updateCountsIfDue(connection, true);
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            AgentLog.debug("WAL checkpoint at shutdown failed (a reader may hold it); the data is committed", e);
        }
        long dropped = queue.droppedCount();
        if (dropped > 0) {
            AgentLog.warn(dropped + " events were dropped because the queue was full (written: " + written.sum()
                    + "). Raise traceflow.queue.capacity if this recurs.");
        }
    }

    /**
     * Stops accepting events, writes everything accepted before, commits, checkpoints the WAL and closes. Waits up
     * to {@code timeoutMillis}; returns whether the writer finished in time.
     */
    public boolean shutdown(long timeoutMillis) {
        queue.close();
        stopRequested = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t); // a writer sleeping in fillBatch need not finish its nap
        }
        try {
            return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the store is open (or failed to open); for tests and the CLI. */
    public boolean awaitOpened(long timeoutMillis) throws InterruptedException {
        return opened.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public boolean storeUnavailable() {
        return storeUnavailable;
    }

    public long writtenCount() {
        return written.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    Thread thread() {
        return thread;
    }
}
