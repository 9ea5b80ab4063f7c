package io.traceflow.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.traceflow.core.model.StepRow;
import io.traceflow.core.util.Ids;

/** Helpers shared by the store, writer and CLI tests: raw connections, counts, hashes and sample rows. */
public final class TestDb {
    private TestDb() {
    }

    /** A plain JDBC connection with none of TraceStore's checks or settings (default rollback journal). */
    public static Connection raw(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    public static String string(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Counts rows of a table through a fresh read-only TraceStore connection. */
    public static long countRows(Path db, String table) throws Exception {
        try (Connection c = TraceStore.openReadOnly(db)) {
            return count(c, "SELECT count(*) FROM " + table);
        }
    }

    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A step that is its own trace (one event, one trace row, one step row). */
    public static StepRow ownStep(long startedAt) {
        StepRow s = step(Ids.newId(startedAt), startedAt);
        s.ownsTrace = true;
        s.traceName = "test.own";
        return s;
    }

    /** A step attached to an existing (or expected) trace. */
    public static StepRow step(String traceId, long startedAt) {
        StepRow s = new StepRow();
        s.id = Ids.newId(startedAt);
        s.traceId = traceId;
        s.seq = 1;
        s.name = "chat gpt-test";
        s.provider = "openai";
        s.operation = "chat";
        s.model = "gpt-test";
        s.inputText = "hello";
        s.outputText = "hi";
        s.promptTokens = 3L;
        s.completionTokens = 2L;
        s.totalTokens = 5L;
        s.latencyMs = 12.5;
        s.startedAt = startedAt;
        s.endedAt = startedAt + 12;
        s.status = "ok";
        s.thread = Thread.currentThread().getName();
        return s;
    }
}
