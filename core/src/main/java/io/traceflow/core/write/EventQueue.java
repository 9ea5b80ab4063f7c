package io.traceflow.core.write;

import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.traceflow.core.log.AgentLog;
import io.traceflow.core.model.WriteEvent;

/**
 * The hand-off between app threads and the single writer thread. {@link #offer} never blocks and never throws:
 * when the queue is full (the writer cannot keep up, or the disk stalls) the event is dropped and counted, because
 * a slower app is worse than a missing row. The count lands in {@code agent_runs.events_dropped}.
 */
public final class EventQueue {
    private final ArrayBlockingQueue<WriteEvent> queue;
    private final int capacity;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean dropReported = new AtomicBoolean();
    private volatile boolean closed;

    public EventQueue(int capacity) {
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Hands an event to the writer; false when it was dropped (queue full, or closed for shutdown). */
    public boolean offer(WriteEvent event) {
        try {
            if (!closed && event != null && queue.offer(event)) {
                accepted.increment();
                return true;
            }
            drop();
        } catch (RuntimeException e) {
            // offer() on ArrayBlockingQueue cannot fail for a non-null element; stay safe regardless
            drop();
        }
        return false;
    }

    private void drop() {
        dropped.increment();
        if (!closed && dropReported.compareAndSet(false, true)) {
            AgentLog.warn("event queue full (traceflow.queue.capacity=" + capacity
                    + "); events are being dropped, not waited for. The count is in agent_runs.events_dropped.");
        }
    }

    WriteEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    int drainTo(Collection<? super WriteEvent> target, int max) {
        return queue.drainTo(target, max);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Stops accepting; what was accepted before stays for the writer to drain. */
    void close() {
        closed = true;
    }

    /** Discards everything waiting (the store could not be opened); counted as dropped. */
    int discardAll() {
        int n = queue.size();
        queue.clear();
        dropped.add(n);
        return n;
    }

    public boolean isClosed() {
        return closed;
    }

    public long acceptedCount() {
        return accepted.sum();
    }

    public long droppedCount() {
        return dropped.sum();
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return queue.size();
    }
}
