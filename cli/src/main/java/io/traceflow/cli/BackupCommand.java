package io.traceflow.cli;

import java.io.File;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.concurrent.Callable;

import io.traceflow.core.store.TraceStore;
import org.sqlite.SQLiteConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Copies the database with SQLite's online backup API: a consistent snapshot even while an app keeps writing,
 * which a plain file copy of a WAL database is not.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Consistent copy of the database, safe while an app writes (SQLite online backup).")
final class BackupCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, description = "The TraceFlow database file.")
    File db;

    @Option(names = "--to", required = true, description = "The new file to write.")
    File to;

    @Option(names = "--force", description = "Overwrite --to when it exists.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (to.exists() && !force) {
            throw new IllegalArgumentException(to.getAbsolutePath() + " exists; choose another --to or add --force");
        }
        if (to.getAbsoluteFile().equals(db.getAbsoluteFile())) {
            throw new IllegalArgumentException("--to must differ from --db");
        }
        File parent = to.getAbsoluteFile().getParentFile();
        if (parent != null) {
            Files.createDirectories(parent.toPath());
        }
        try (Connection c = TraceStore.openReadOnly(db.toPath())) {
            SQLiteConnection sqlite = c.unwrap(SQLiteConnection.class);
            int rc = sqlite.getDatabase().backup("main", to.getAbsolutePath(), null);
            if (rc != 0) {
                throw new IllegalArgumentException("backup to " + to.getAbsolutePath() + " failed (SQLite code " + rc + ")");
            }
        }
        spec.commandLine().getOut().println("backed up " + db.getAbsolutePath() + " to " + to.getAbsolutePath()
                + " (" + Sizes.human(to.length()) + ")");
        return 0;
    }
}
