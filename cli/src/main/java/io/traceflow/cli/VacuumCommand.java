package io.traceflow.cli;

import java.io.File;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.Callable;

import io.traceflow.core.store.TraceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rebuilds the file to reclaim free pages; waits (busy_timeout) for a writing app's transactions. */
@Command(name = "vacuum", mixinStandardHelpOptions = true, description = "Reclaim unused space (SQLite VACUUM).")
final class VacuumCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, description = "The TraceFlow database file.")
    File db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long before = db.length();
        try (Connection c = TraceStore.openExisting(db.toPath()); Statement s = c.createStatement()) {
            s.execute("VACUUM");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        spec.commandLine().getOut().println("vacuumed " + db.getAbsolutePath() + ": " + Sizes.human(before) + " -> "
                + Sizes.human(db.length()));
        return 0;
    }
}
