package io.traceflow.cli;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Deletes whole traces older than a cut-off, with their steps and evals (foreign keys cascade), then reclaims the
 * space. A trace's age is its end, or its start when it never ended.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete traces older than a duration (with their steps and evals), then reclaim space.")
final class PruneCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, description = "The TraceFlow database file.")
    File db;

    @Option(names = "--older-than", required = true, description = "e.g. 30d, 12h, 2w.")
    String olderThan;

    @Option(names = "--no-vacuum", description = "Skip reclaiming space (faster; the file keeps its size).")
    boolean noVacuum;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration age = Durations.parse(olderThan);
        long cutoff = System.currentTimeMillis() - age.toMillis();
        int deleted;
        try (Connection c = TraceStore.openExisting(db.toPath())) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM traces WHERE coalesce(ended_at, started_at) < ?")) {
                p.setLong(1, cutoff);
                deleted = p.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            if (!noVacuum) {
                try (Statement s = c.createStatement()) {
                    s.execute("VACUUM");
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
        }
        spec.commandLine().getOut().println("pruned " + deleted + " traces older than " + olderThan + " from "
                + db.getAbsolutePath());
        return 0;
    }
}
