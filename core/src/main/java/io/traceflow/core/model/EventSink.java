package io.traceflow.core.model;

import java.sql.SQLException;

/** Where the writer thread sends the rows of a batch; implemented over SQLite by {@code SqliteEventSink}. */
public interface EventSink {
    void traceStarted(TraceStarted trace) throws SQLException;

    void traceFinished(TraceFinished trace) throws SQLException;

    void step(StepRow step) throws SQLException;

    void eval(EvalRow eval) throws SQLException;

    /** Stores a recorded answer (the first answer for a key wins). */
    void cachePut(CacheRow entry) throws SQLException;

    /** Counts a cache hit: {@code hit_count + 1}, {@code last_hit_at}. */
    void cacheHit(String key, long at) throws SQLException;
}
