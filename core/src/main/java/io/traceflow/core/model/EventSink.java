package io.traceflow.core.model;

import java.sql.SQLException;

/** Where the writer thread sends the rows of a batch; implemented over SQLite by {@code SqliteEventSink}. */
public interface EventSink {
    void traceStarted(TraceStarted trace) throws SQLException;

    void traceFinished(TraceFinished trace) throws SQLException;

    void step(StepRow step) throws SQLException;

    void eval(EvalRow eval) throws SQLException;
}
