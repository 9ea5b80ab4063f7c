package io.traceflow.cli;

import java.io.File;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;

import io.traceflow.schema.Statuses;
import io.traceflow.core.store.Migrator;
import io.traceflow.core.store.TraceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Row counts, drops and file sizes; opens the file read-only, so it is safe while an app writes. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Counts of traces, steps, evals and cache rows,"
        + " dropped events, and file sizes (including -wal).")
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, description = "The TraceFlow database file.")
    File db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection c = TraceStore.openReadOnly(db.toPath()); Statement s = c.createStatement()) {
            out.println("file              " + db.getAbsolutePath());
            out.println("schema version    " + Migrator.userVersion(c));
            for (String table : new String[] {"traces", "steps", "evals", "llm_cache", "agent_runs"}) {
                out.printf("%-17s %d%n", table, count(s, "SELECT count(*) FROM " + table));
            }
            out.printf("%-17s %d%n", "failed steps", count(s, "SELECT count(*) FROM steps WHERE status = '" + Statuses.ERROR + "'"));
            out.printf("%-17s %d%n", "cache hits", count(s, "SELECT count(*) FROM steps WHERE cache_hit = 1"));
            out.printf("%-17s %d%n", "events dropped", count(s, "SELECT coalesce(sum(events_dropped), 0) FROM agent_runs"));
            out.printf("%-17s %d%n", "events failed", count(s, "SELECT coalesce(sum(events_failed), 0) FROM agent_runs"));
            out.printf("%-17s %d%n", "advice errors", count(s, "SELECT coalesce(sum(advice_errors), 0) FROM agent_runs"));
        }
        out.printf("%-17s %s%n", "size db", Sizes.human(db.length()));
        out.printf("%-17s %s%n", "size -wal", Sizes.human(new File(db.getPath() + "-wal").length()));
        out.printf("%-17s %s%n", "size -shm", Sizes.human(new File(db.getPath() + "-shm").length()));
        return 0;
    }

    private static long count(Statement s, String sql) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
