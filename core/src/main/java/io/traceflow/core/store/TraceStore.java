package io.traceflow.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opens TraceFlow database files: for writing (the agent's writer, creating and migrating), or read-only (the CLI,
 * the viewer). Every connection gets the settings the design record fixes: WAL, {@code busy_timeout=5000},
 * {@code synchronous=NORMAL}, foreign keys on.
 *
 * <p>Checks happen before anything is written, so a file that is not SQLite, is someone else's SQLite database,
 * or was written by a newer TraceFlow is refused untouched.
 */
public final class TraceStore {
    public static final int BUSY_TIMEOUT_MS = 5000;
    /** Page size of files TraceFlow creates (existing files keep theirs). */
    public static final int PAGE_SIZE = 16384;

    private static final Migrator MIGRATOR = new Migrator(Schema.MIGRATIONS);

    private TraceStore() {
    }

    /** Opens (creating if needed) and migrates the file; the connection is in auto-commit mode. */
    public static Connection openForWriting(Path file) throws StoreException {
        Path absolute = file.toAbsolutePath();
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the folder of " + absolute + ": " + e);
        }
        Connection connection = connect(absolute, false);
        try {
            checkIsTraceFlowFile(connection, absolute);
            // Before switching to WAL, which rewrites the header: a newer file must stay byte-for-byte untouched.
            int version = Migrator.userVersion(connection);
            if (version > MIGRATOR.latestVersion()) {
                throw new SchemaTooNewException(absolute.toString(), version, MIGRATOR.latestVersion());
            }
            try (Statement statement = connection.createStatement()) {
                if (version == 0) {
                    // A new file: 16 KiB pages hold a typical step (a few KB of JSON) with fewer overflow pages
                    // than the 4 KiB default; measured in docs/benchmarks.md. Only possible before the first write.
                    statement.execute("PRAGMA page_size=" + PAGE_SIZE);
                }
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
            }
            MIGRATOR.migrate(connection, absolute.toString());
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw describe(absolute, e);
        } catch (StoreException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Opens an existing file read-only; it must already be a TraceFlow database this version understands. */
    public static Connection openReadOnly(Path file) throws StoreException {
        return openUnmigrated(file, true);
    }

    /**
     * Opens an existing TraceFlow file read-write for one small write (the viewer's feedback), without creating or
     * migrating it: the file must already be a TraceFlow database of a version this TraceFlow understands.
     */
    public static Connection openForSmallWrite(Path file) throws StoreException {
        return openUnmigrated(file, false);
    }

    /** An existing TraceFlow file of a version this TraceFlow understands, opened as it is: never created or migrated. */
    private static Connection openUnmigrated(Path file, boolean readOnly) throws StoreException {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new StoreException(absolute + ": no such file");
        }
        Connection connection = connect(absolute, readOnly);
        try {
            checkIsTraceFlowFile(connection, absolute);
            int version = Migrator.userVersion(connection);
            if (version > Schema.CURRENT_VERSION) {
                throw new SchemaTooNewException(absolute.toString(), version, Schema.CURRENT_VERSION);
            }
            if (version == 0) {
                throw new StoreException(absolute + " is an empty SQLite file, not yet a TraceFlow database");
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw describe(absolute, e);
        } catch (StoreException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Opens an existing TraceFlow file for maintenance (vacuum, prune): read-write, migrated. */
    public static Connection openExisting(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file.toAbsolutePath() + ": no such file");
        }
        return openForWriting(file);
    }

    private static Connection connect(Path file, boolean readOnly) throws StoreException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setReadOnly(readOnly);
        if (!readOnly) {
            config.setOpenMode(org.sqlite.SQLiteOpenMode.CREATE);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw describe(file, e);
        }
    }

    private static void checkIsTraceFlowFile(Connection connection, Path file) throws SQLException, StoreException {
        int applicationId;
        int userVersion;
        int objects;
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("PRAGMA application_id")) {
                applicationId = rs.next() ? rs.getInt(1) : 0;
            }
            userVersion = Migrator.userVersion(connection);
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                objects = rs.next() ? rs.getInt(1) : 0;
            }
        }
        if (applicationId != Schema.APPLICATION_ID && (userVersion != 0 || objects != 0)) {
            throw new StoreException(file + " is a SQLite database, but not a TraceFlow one; refusing to touch it."
                    + " Point traceflow.db at another file.");
        }
    }

    /** Turns SQLite's error codes into a sentence about the file. */
    static StoreException describe(Path file, SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB) {
                return new StoreException(file + " is not a SQLite database; refusing to touch it."
                        + " Point traceflow.db at another file.", e);
            }
            if (code == SQLiteErrorCode.SQLITE_CORRUPT) {
                return new StoreException(file + " is a corrupt SQLite database; refusing to write to it."
                        + " Move it aside (keep it for recovery with sqlite3 .recover) and start a new file.", e);
            }
            if (code == SQLiteErrorCode.SQLITE_CANTOPEN || code == SQLiteErrorCode.SQLITE_READONLY
                    || code == SQLiteErrorCode.SQLITE_PERM) {
                return new StoreException("cannot open " + file + " for writing (" + code.message
                        + "); check the path and its permissions.", e);
            }
            if (code == SQLiteErrorCode.SQLITE_BUSY) {
                return new StoreException(file + " is locked by another process for longer than "
                        + BUSY_TIMEOUT_MS + " ms.", e);
            }
        }
        return new StoreException("cannot use " + file + ": " + e.getMessage(), e);
    }

    public static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort; nothing useful to add
        }
    }
}
