package io.traceflow.core.model;

import java.sql.SQLException;

/**
 * One evaluation result; see the {@code evals} table in docs/schema.md.
 *
 * @param passed null when the evaluator could not decide (an error result)
 */
public record EvalRow(String id, String stepId, String name, Double score, Boolean passed, String detail,
        String evaluatorVersion, long createdAt) implements WriteEvent {
    @Override
    public void applyTo(EventSink sink) throws SQLException {
        sink.eval(this);
    }
}
