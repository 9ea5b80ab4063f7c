package io.traceflow.core.store;

import java.util.List;

/**
 * One step of the schema's history: the statements that take a database from {@code version - 1} to
 * {@code version}. Migrations are only ever appended; a released one is never edited, because files written by
 * older versions must keep migrating to the same result.
 */
public record Migration(int version, String description, List<String> statements) {
}
