package io.traceflow.viewer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.traceflow.core.store.StoreException;
import io.traceflow.core.store.TraceStore;

/**
 * Tells whether anyone committed to the file since a client last looked: a counter that goes up each time SQLite's
 * {@code PRAGMA data_version} of one long-lived read-only connection changes (it changes exactly when another
 * connection, such as the agent's writer, committed). Costs one pragma per poll, whatever the file's size.
 */
final class LiveVersion implements AutoCloseable {
    private final Path file;
    private Connection connection;
    private long lastDataVersion = Long.MIN_VALUE;
    private long counter;

    LiveVersion(Path file) {
        this.file = file;
    }

    /** The current version; 0 while the file cannot be opened. */
    synchronized long current() {
        try {
            if (connection == null) {
                connection = TraceStore.openReadOnly(file);
            }
            long dataVersion;
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
                dataVersion = rs.next() ? rs.getLong(1) : 0;
            }
            if (dataVersion != lastDataVersion) {
                lastDataVersion = dataVersion;
                counter++;
            }
            return counter;
        } catch (StoreException | SQLException e) {
            TraceStore.closeQuietly(connection);
            connection = null;
            lastDataVersion = Long.MIN_VALUE;
            return counter;
        }
    }

    @Override
    public synchronized void close() {
        TraceStore.closeQuietly(connection);
        connection = null;
    }
}
