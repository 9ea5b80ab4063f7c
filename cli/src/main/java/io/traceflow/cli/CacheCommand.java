package io.traceflow.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.traceflow.schema.Operations;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cache stats|list|clear|export|import}: the recorded answers in {@code llm_cache}. */
@Command(name = "cache", mixinStandardHelpOptions = true, description = "Inspect and manage recorded LLM answers.",
        subcommands = {CacheCommand.Stats.class, CacheCommand.ListEntries.class, CacheCommand.Clear.class,
                CacheCommand.Export.class, CacheCommand.Import.class})
final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Entries, hits, hit rate, and the time and tokens the hits saved.")
    static final class Stats implements Callable<Integer> {
        @Option(names = "--db", required = true, description = "The TraceFlow database file.")
        File db;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Connection c = TraceStore.openReadOnly(db.toPath()); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(hit_count), 0) FROM llm_cache")) {
                    rs.next();
                    out.printf("entries           %d%n", rs.getLong(1));
                    out.printf("hits (recorded)   %d%n", rs.getLong(2));
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(cache_hit), 0),"
                        + " coalesce(sum(CASE WHEN cache_hit = 1 THEN saved_ms END), 0),"
                        + " coalesce(sum(CASE WHEN cache_hit = 1 THEN total_tokens END), 0)"
                        + " FROM steps WHERE operation IN " + Operations.sqlList(Operations.MODEL_CALLS))) {
                    rs.next();
                    long calls = rs.getLong(1);
                    long hits = rs.getLong(2);
                    out.printf("LLM calls         %d%n", calls);
                    out.printf("hit rate          %s%n", calls == 0 ? "—"
                            : String.format(Locale.ROOT, "%.1f %%", 100.0 * hits / calls));
                    out.printf("time saved        %s%n", String.format(Locale.ROOT, "%.1f s", rs.getDouble(3) / 1000));
                    out.printf("tokens saved      %d%n", rs.getLong(4));
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recorded answers, newest first.")
    static final class ListEntries implements Callable<Integer> {
        @Option(names = "--db", required = true, description = "The TraceFlow database file.")
        File db;

        @Option(names = "--model", description = "Only entries for this model.")
        String model;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many rows (default ${DEFAULT-VALUE}).")
        int limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Connection c = TraceStore.openReadOnly(db.toPath()); PreparedStatement p = c.prepareStatement(
                    "SELECT key, namespace, provider, operation, model, hit_count, created_at, last_hit_at FROM llm_cache"
                            + " WHERE (? IS NULL OR model = ?) ORDER BY created_at DESC LIMIT ?")) {
                p.setString(1, model);
                p.setString(2, model);
                p.setInt(3, limit);
                out.printf("%-16s %-12s %-17s %-22s %6s  %s%n", "KEY", "PROVIDER", "OPERATION", "MODEL", "HITS",
                        "CREATED");
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.printf("%-16s %-12s %-17s %-22s %6d  %s%s%n", rs.getString(1).substring(0, 16),
                                rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                                java.time.Instant.ofEpochMilli(rs.getLong(7)),
                                rs.getString(2).isEmpty() ? "" : "  [" + rs.getString(2) + "]");
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Delete recorded answers (all, or some).")
    static final class Clear implements Callable<Integer> {
        @Option(names = "--db", required = true, description = "The TraceFlow database file.")
        File db;

        @Option(names = "--older-than", description = "Only entries recorded longer ago than this (e.g. 7d).")
        String olderThan;

        @Option(names = "--model", description = "Only entries for this model.")
        String model;

        @Option(names = "--namespace", description = "Only entries of this namespace.")
        String namespace;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Long cutoff = olderThan == null ? null : System.currentTimeMillis() - Durations.parse(olderThan).toMillis();
            int deleted;
            try (Connection c = TraceStore.openExisting(db.toPath()); PreparedStatement p = c.prepareStatement(
                    "DELETE FROM llm_cache WHERE (? IS NULL OR created_at < ?) AND (? IS NULL OR model = ?)"
                            + " AND (? IS NULL OR namespace = ?)")) {
                setNullable(p, 1, cutoff);
                setNullable(p, 2, cutoff);
                p.setString(3, model);
                p.setString(4, model);
                p.setString(5, namespace);
                p.setString(6, namespace);
                deleted = p.executeUpdate();
            }
            spec.commandLine().getOut().println("deleted " + deleted + " cache entries");
            return 0;
        }

        private static void setNullable(PreparedStatement p, int index, Long value) throws java.sql.SQLException {
            if (value == null) {
                p.setNull(index, java.sql.Types.INTEGER);
            } else {
                p.setLong(index, value);
            }
        }
    }

    /** One JSON object per line: every column of llm_cache, so recordings can be committed as test fixtures. */
    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write recorded answers as JSON lines.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--db", required = true, description = "The TraceFlow database file.")
        File db;

        @Option(names = "--to", required = true, description = "The .jsonl file to write.")
        File to;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ObjectMapper json = new ObjectMapper();
            int n = 0;
            try (Connection c = TraceStore.openReadOnly(db.toPath()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT key, namespace, provider, operation, model, request_json,"
                         + " response_json, original_latency_ms, created_at FROM llm_cache ORDER BY created_at, key");
                 BufferedWriter out = Files.newBufferedWriter(to.toPath(), StandardCharsets.UTF_8)) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= 9; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.write(json.writeValueAsString(row));
                    out.newLine();
                    n++;
                }
            }
            spec.commandLine().getOut().println("exported " + n + " cache entries to " + to.getAbsolutePath());
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Read recorded answers from JSON lines (entries already present are kept).")
    static final class Import implements Callable<Integer> {
        @Option(names = "--db", required = true, description = "The TraceFlow database file (created if missing).")
        File db;

        @Option(names = "--from", required = true, description = "The .jsonl file to read.")
        File from;

        @Spec
        CommandSpec spec;

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() throws Exception {
            ObjectMapper json = new ObjectMapper();
            List<Map<String, Object>> rows = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(from.toPath(), StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    Map<String, Object> row;
                    try {
                        row = json.readValue(line, Map.class);
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException(from + " line " + number + " is not a JSON object");
                    }
                    for (String required : new String[] {"key", "request_json", "response_json"}) {
                        if (!(row.get(required) instanceof String)) {
                            throw new IllegalArgumentException(from + " line " + number + " has no " + required);
                        }
                    }
                    rows.add(row);
                }
            }
            int added = 0;
            try (Connection c = TraceStore.openForWriting(db.toPath()); PreparedStatement p = c.prepareStatement(
                    "INSERT OR IGNORE INTO llm_cache (key, namespace, provider, operation, model, request_json,"
                            + " response_json, original_latency_ms, created_at, hit_count) VALUES (?,?,?,?,?,?,?,?,?,0)")) {
                c.setAutoCommit(false);
                for (Map<String, Object> row : rows) {
                    p.setString(1, (String) row.get("key"));
                    p.setString(2, row.get("namespace") == null ? "" : row.get("namespace").toString());
                    p.setString(3, (String) row.get("provider"));
                    p.setString(4, (String) row.get("operation"));
                    p.setString(5, (String) row.get("model"));
                    p.setString(6, (String) row.get("request_json"));
                    p.setString(7, (String) row.get("response_json"));
                    p.setDouble(8, row.get("original_latency_ms") instanceof Number n ? n.doubleValue() : 0);
                    p.setLong(9, row.get("created_at") instanceof Number n ? n.longValue() : System.currentTimeMillis());
                    added += p.executeUpdate();
                }
                c.commit();
            }
            spec.commandLine().getOut().println("imported " + added + " of " + rows.size() + " cache entries into "
                    + db.getAbsolutePath());
            return 0;
        }
    }
}
