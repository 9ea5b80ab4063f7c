package io.traceflow.core.store;

import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.exec;
import static io.traceflow.core.store.TestDb.sha256;
import static io.traceflow.core.store.TestDb.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratorTest {
    @TempDir
    Path dir;

    private static List<Migration> withExtra(Migration extra) {
        List<Migration> all = new ArrayList<>(Schema.MIGRATIONS);
        all.add(extra);
        return all;
    }

    private static final Migration ADD_TAGS = new Migration(Schema.CURRENT_VERSION + 1, "steps.tags", List.of(
            "ALTER TABLE steps ADD COLUMN tags TEXT",
            "UPDATE steps SET tags = 'migrated'",
            "CREATE INDEX steps_by_tags ON steps(tags)"));

    private Path currentFileWithRows(String name) throws Exception {
        Path db = dir.resolve(name);
        try (Connection c = TraceStore.openForWriting(db)) {
            exec(c, "INSERT INTO traces (id, started_at) VALUES ('t1', 1000), ('t2', 2000)",
                    "INSERT INTO steps (id, trace_id, seq, operation, started_at, status)"
                            + " VALUES ('s1', 't1', 1, 'chat', 1000, 'ok'), ('s2', 't2', 1, 'chat', 2000, 'error')",
                    "INSERT INTO evals (id, step_id, name, created_at) VALUES ('e1', 's1', 'len', 3000)");
        }
        return db;
    }

    @Test
    void migrationsAreNumberedWithoutGaps() {
        assertThat(Schema.MIGRATIONS).isNotEmpty();
        for (int i = 0; i < Schema.MIGRATIONS.size(); i++) {
            assertThat(Schema.MIGRATIONS.get(i).version()).isEqualTo(i + 1);
        }
        assertThat(Schema.CURRENT_VERSION).isEqualTo(Schema.MIGRATIONS.size());
        assertThatThrownBy(() -> new Migrator(List.of(new Migration(2, "gap", List.of()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forwardMigrationKeepsRows() throws Exception {
        Path db = currentFileWithRows("v1.db");
        Migrator next = new Migrator(withExtra(ADD_TAGS));
        assertThat(next.latestVersion()).isEqualTo(Schema.CURRENT_VERSION + 1);
        try (Connection c = TestDb.raw(db)) {
            exec(c, "PRAGMA foreign_keys = ON");
            int found = next.migrate(c, db.toString());
            assertThat(found).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION + 1);
            assertThat(count(c, "PRAGMA application_id")).isEqualTo(Schema.APPLICATION_ID);
            assertThat(c.getAutoCommit()).isTrue();
            assertThat(strings(c, "SELECT id || ':' || tags FROM steps ORDER BY id"))
                    .containsExactly("s1:migrated", "s2:migrated");
            assertThat(count(c, "SELECT count(*) FROM traces")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM evals")).isEqualTo(1);
            // running again is a no-op
            assertThat(next.migrate(c, db.toString())).isEqualTo(Schema.CURRENT_VERSION + 1);
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(2);
        }
        // and this TraceFlow, which only knows the current version, now refuses the file
        String before = sha256(db);
        assertThatThrownBy(() -> TraceStore.openForWriting(db)).isInstanceOf(SchemaTooNewException.class);
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void versionZeroFileGetsEveryMigrationInOrder() throws Exception {
        Path db = dir.resolve("v0.db");
        Migrator next = new Migrator(withExtra(ADD_TAGS));
        try (Connection c = TestDb.raw(db)) {
            assertThat(next.migrate(c, db.toString())).isZero();
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION + 1);
            assertThat(strings(c, "SELECT name FROM pragma_table_info('steps') WHERE name = 'tags'"))
                    .containsExactly("tags");
        }
    }

    @Test
    void aFailingMigrationRollsBackToTheLastGoodVersion() throws Exception {
        Path db = currentFileWithRows("broken.db");
        Migration broken = new Migration(Schema.CURRENT_VERSION + 1, "broken", List.of(
                "ALTER TABLE steps ADD COLUMN tags TEXT",
                "INSERT INTO no_such_table VALUES (1)"));
        try (Connection c = TestDb.raw(db)) {
            assertThatThrownBy(() -> new Migrator(withExtra(broken)).migrate(c, db.toString()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("schema version " + (Schema.CURRENT_VERSION + 1))
                    .hasMessageContaining("broken");
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
            assertThat(strings(c, "SELECT name FROM pragma_table_info('steps') WHERE name = 'tags'")).isEmpty();
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(2);
            assertThat(c.getAutoCommit()).isTrue();
        }
        // the current TraceFlow still opens it
        try (Connection c = TraceStore.openForWriting(db)) {
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(2);
        }
    }

    @Test
    void tooNewIsRefusedBeforeAnythingRuns() throws Exception {
        Path db = dir.resolve("too-new.db");
        try (Connection c = TestDb.raw(db)) {
            exec(c, "PRAGMA user_version = 42");
            assertThatThrownBy(() -> new Migrator(Schema.MIGRATIONS).migrate(c, "too-new.db"))
                    .isInstanceOf(SchemaTooNewException.class).hasMessageContaining("42");
            assertThat(count(c, "SELECT count(*) FROM sqlite_master")).isZero();
        }
    }
}
