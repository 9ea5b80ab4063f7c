package io.traceflow.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One step of the schema's history: the statements that take a database from {@code version - 1} to
 * {@code version}, and, where rows must be rewritten in ways SQL cannot say, a {@link DataStep} run after them in the
 * same transaction. Migrations are only ever appended; a released one is never edited, because files written by
 * older versions must keep migrating to the same result.
 */
public record Migration(int version, String description, List<String> statements, DataStep data) {
    public Migration(int version, String description, List<String> statements) {
        this(version, description, statements, null);
    }

    /** Rewrites rows with Java code, inside the migration's transaction. */
    @FunctionalInterface
    public interface DataStep {
        void apply(Connection connection) throws SQLException;
    }
}
