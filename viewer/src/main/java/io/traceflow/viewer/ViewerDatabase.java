package io.traceflow.viewer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.traceflow.core.store.Migrator;
import io.traceflow.core.store.StoreException;
import io.traceflow.core.store.TraceStore;

/**
 * The viewer's side of the file: a few read-only connections, opened on first use and reused. The file may not
 * exist yet (an app that serves the viewer opens the viewer before its writer creates the file): then every read
 * fails with a {@link StoreException} saying so, and a later one succeeds.
 *
 * <p>Feedback, the viewer's only write, goes through {@link #write}: a fresh read-write connection per write,
 * closed at once, so the viewer never holds a write lock or a writable handle.
 */
final class ViewerDatabase implements AutoCloseable {
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final Path file;
    private final BlockingQueue<Connection> idle;
    private final AtomicInteger open = new AtomicInteger();
    private final int max;
    private volatile boolean closed;

    ViewerDatabase(Path file, int maxConnections) {
        this.file = file.toAbsolutePath().normalize();
        this.max = maxConnections;
        this.idle = new ArrayBlockingQueue<>(maxConnections);
    }

    Path file() {
        return file;
    }

    <T> T read(SqlWork<T> work) throws StoreException, SQLException {
        Connection c = borrow();
        boolean healthy = false;
        try {
            T result = work.apply(c);
            healthy = true;
            return result;
        } finally {
            giveBack(c, healthy);
        }
    }

    /** One write on its own short-lived read-write connection (never migrates, never creates the file). */
    <T> T write(SqlWork<T> work) throws StoreException, SQLException {
        try (Connection c = TraceStore.openForSmallWrite(file)) {
            return work.apply(c);
        }
    }

    private Connection borrow() throws StoreException {
        if (closed) {
            throw new StoreException("the viewer is shutting down");
        }
        Connection c = idle.poll();
        if (c != null) {
            return c;
        }
        if (open.incrementAndGet() <= max) {
            try {
                return TraceStore.openReadOnly(file);
            } catch (StoreException | RuntimeException e) {
                open.decrementAndGet();
                throw e;
            }
        }
        open.decrementAndGet();
        try {
            c = idle.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c == null) {
            throw new StoreException("all " + max + " database connections are busy; try again");
        }
        return c;
    }

    private void giveBack(Connection c, boolean healthy) {
        if (closed || !healthy && !isUsable(c) || !idle.offer(c)) {
            TraceStore.closeQuietly(c);
            open.decrementAndGet();
        }
    }

    private static boolean isUsable(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    static int schemaVersion(Connection c) throws SQLException {
        return Migrator.userVersion(c);
    }

    /** True when the file has the full-text index (schema version 3 and later). */
    static boolean hasSearchIndex(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'steps_fts'")) {
            return rs.next();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            TraceStore.closeQuietly(c);
        }
    }
}
