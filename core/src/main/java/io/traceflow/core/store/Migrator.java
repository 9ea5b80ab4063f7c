package io.traceflow.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Moves a database forward to the newest schema, one {@link Migration} per transaction, so a crash mid-way leaves
 * the file at a consistent earlier version that the next start continues from.
 */
public final class Migrator {
    private final List<Migration> migrations;

    public Migrator(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3, ... without gaps");
            }
        }
    }

    public int latestVersion() {
        return migrations.size();
    }

    /** Applies what is missing; returns the version found before. */
    public int migrate(Connection connection, String fileName) throws SQLException, StoreException {
        int found = userVersion(connection);
        if (found > latestVersion()) {
            throw new SchemaTooNewException(fileName, found, latestVersion());
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (Migration migration : migrations.subList(found, migrations.size())) {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : migration.statements()) {
                        statement.execute(sql);
                    }
                    if (migration.data() != null) {
                        migration.data().apply(connection);
                    }
                    statement.execute("PRAGMA user_version = " + migration.version());
                    statement.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw new StoreException("cannot migrate " + fileName + " to schema version "
                            + migration.version() + " (" + migration.description() + "): " + e.getMessage(), e);
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return found;
    }

    public static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
