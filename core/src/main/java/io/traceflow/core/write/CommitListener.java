package io.traceflow.core.write;

import java.util.List;

import io.traceflow.core.model.StepRow;
import io.traceflow.core.model.TraceFinished;
import io.traceflow.core.model.TraceStarted;

/**
 * Told what a transaction of the writer has just committed: the step rows (fully rendered, as stored), the traces
 * started and the traces finished. Online evaluation uses it to judge each step off the writer thread.
 *
 * <p>Called on the writer thread, after the commit: an implementation must return at once (hand the rows to a
 * bounded queue of its own and drop when that is full; never block, never do I/O). What it throws is logged and
 * ignored. The rows are no longer used by the writer, so the listener may keep them.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(List<StepRow> steps, List<TraceStarted> tracesStarted, List<TraceFinished> tracesFinished);
}
