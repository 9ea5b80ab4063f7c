package io.traceflow.core.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.traceflow.core.model.CacheRow;
import io.traceflow.core.model.EvalRow;
import io.traceflow.core.model.EventSink;
import io.traceflow.schema.Statuses;
import io.traceflow.core.model.StepRow;
import io.traceflow.schema.TraceKinds;
import io.traceflow.core.model.TraceFinished;
import io.traceflow.core.model.TraceStarted;

/**
 * Writes one batch of events through prepared statements, JDBC-batched per statement. {@link #flush()} runs the
 * batches in dependency order (traces, steps, trace ends, evals) inside the writer's transaction, so the order in
 * which events arrived within a batch does not matter.
 */
final class SqliteEventSink implements EventSink, AutoCloseable {
    static final String INSERT_STEP = "INSERT OR IGNORE INTO steps (" + StepBinding.COLUMNS + ") VALUES ("
            + "?,".repeat(StepBinding.COLUMN_COUNT - 1) + "?)";

    private static final int KNOWN_TRACES_MAX = 4096;

    private final String runId;
    private final PreparedStatement insertTrace;
    private final PreparedStatement insertStep;
    private final PreparedStatement finishTrace;
    private final PreparedStatement extendTrace;
    private final PreparedStatement insertEval;
    private final PreparedStatement putCache;
    private final PreparedStatement hitCache;
    private int cachePuts;
    private int cacheHits;
    private int traces;
    private int steps;
    private int finishes;
    private int extensions;
    private int evals;

    /**
     * The rows of the open transaction, kept for a {@link CommitListener} (only when there is one): handed over by
     * {@link #takeCommitted} after the commit, cleared by {@link #discard} on rollback.
     */
    private final boolean collect;
    private List<StepRow> pendingSteps = new ArrayList<>();
    private List<TraceStarted> pendingStarted = new ArrayList<>();
    private List<TraceFinished> pendingFinished = new ArrayList<>();

    /** Trace ids whose row surely exists: spares an INSERT OR IGNORE per step. Bounded, oldest evicted. */
    private final Map<String, Boolean> knownTraces = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > KNOWN_TRACES_MAX;
        }
    };

    SqliteEventSink(Connection connection, String runId) throws SQLException {
        this(connection, runId, false);
    }

    SqliteEventSink(Connection connection, String runId, boolean collect) throws SQLException {
        this.runId = runId;
        this.collect = collect;
        this.insertTrace = connection.prepareStatement("INSERT INTO traces (id, name, kind, started_at, ended_at,"
                + " status, error, root_step_id, memory_id, run_id) VALUES (?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT(id) DO UPDATE SET name = coalesce(excluded.name, name),"
                + " kind = coalesce(excluded.kind, kind), root_step_id = coalesce(excluded.root_step_id, root_step_id),"
                + " memory_id = coalesce(excluded.memory_id, memory_id),"
                // A step that owns its trace may come after the placeholder row of a child step that ended first
                // (a model call nested in a framework model's call, outside any root): its start, end and status.
                + " started_at = min(started_at, excluded.started_at),"
                + " ended_at = coalesce(excluded.ended_at, ended_at),"
                + " status = CASE WHEN excluded.status = '" + Statuses.RUNNING + "' THEN status ELSE excluded.status END,"
                + " error = coalesce(excluded.error, error)");
        this.insertStep = connection.prepareStatement(INSERT_STEP);
        this.finishTrace = connection.prepareStatement(
                "UPDATE traces SET ended_at = ?, status = ?, error = coalesce(?, error) WHERE id = ?");
        // A step that continues a manual tool loop: the loop's trace ends with its last step, and fails with any.
        this.extendTrace = connection.prepareStatement("UPDATE traces SET ended_at = max(coalesce(ended_at, 0), ?),"
                + " status = CASE WHEN ? = '" + Statuses.ERROR + "' OR status = '" + Statuses.ERROR + "' THEN '"
                + Statuses.ERROR + "' ELSE status END,"
                + " error = coalesce(error, ?) WHERE id = ?");
        this.insertEval = connection.prepareStatement("INSERT OR IGNORE INTO evals (id, step_id, name, score, passed,"
                + " detail, evaluator_version, created_at) VALUES (?,?,?,?,?,?,?,?)");
        this.putCache = connection.prepareStatement("INSERT OR IGNORE INTO llm_cache (key, namespace, provider,"
                + " operation, model, request_json, response_json, original_latency_ms, created_at, hit_count)"
                + " VALUES (?,?,?,?,?,?,?,?,?,0)");
        this.hitCache = connection.prepareStatement(
                "UPDATE llm_cache SET hit_count = hit_count + 1, last_hit_at = ? WHERE key = ?");
    }

    @Override
    public void traceStarted(TraceStarted t) throws SQLException {
        if (collect) {
            pendingStarted.add(t);
        }
        addTrace(t.id(), t.name(), t.kind(), t.startedAt(), null, Statuses.RUNNING, null, t.rootStepId(), t.memoryId());
    }

    @Override
    public void traceFinished(TraceFinished t) throws SQLException {
        if (collect) {
            pendingFinished.add(t);
        }
        finishTrace.setLong(1, t.endedAt());
        finishTrace.setString(2, t.status());
        finishTrace.setString(3, t.error());
        finishTrace.setString(4, t.id());
        finishTrace.addBatch();
        finishes++;
    }

    @Override
    public void step(StepRow s) throws SQLException {
        if (s.ownsTrace) {
            addTrace(s.traceId, s.traceName != null ? s.traceName : s.name, TraceKinds.AUTO, s.startedAt, s.endedAt,
                    Statuses.OK.equals(s.status) ? Statuses.OK : Statuses.ERROR, s.error, s.id, null);
        } else if (!knownTraces.containsKey(s.traceId)) {
            // Its TraceStarted may have been dropped from a full queue: keep the step, with a minimal trace row.
            addTrace(s.traceId, null, null, s.startedAt, null, Statuses.RUNNING, null, null, null);
        }
        StepBinding.bind(insertStep, s);
        insertStep.addBatch();
        steps++;
        if (s.joinsLoop && s.endedAt != null) {
            extendTrace.setLong(1, s.endedAt);
            extendTrace.setString(2, Statuses.OK.equals(s.status) ? Statuses.OK : Statuses.ERROR);
            extendTrace.setString(3, s.error);
            extendTrace.setString(4, s.traceId);
            extendTrace.addBatch();
            extensions++;
        }
        if (collect) {
            pendingSteps.add(s);
        }
    }

    @Override
    public void eval(EvalRow e) throws SQLException {
        PreparedStatement p = insertEval;
        p.setString(1, e.id());
        p.setString(2, e.stepId());
        p.setString(3, e.name());
        setDouble(p, 4, e.score());
        if (e.passed() == null) {
            p.setNull(5, Types.INTEGER);
        } else {
            p.setInt(5, e.passed() ? 1 : 0);
        }
        p.setString(6, e.detail());
        p.setString(7, e.evaluatorVersion());
        p.setLong(8, e.createdAt());
        p.addBatch();
        evals++;
    }

    @Override
    public void cachePut(CacheRow e) throws SQLException {
        String json = e.answerJson().get(); // serialized here, on the writer thread
        if (json == null) {
            return; // nothing storable: better no entry than a broken one
        }
        PreparedStatement p = putCache;
        p.setString(1, e.key());
        p.setString(2, e.namespace());
        p.setString(3, e.provider());
        p.setString(4, e.operation());
        p.setString(5, e.model());
        p.setString(6, e.canonicalRequest());
        p.setString(7, json);
        p.setDouble(8, e.originalLatencyMs());
        p.setLong(9, e.createdAt());
        p.addBatch();
        cachePuts++;
    }

    @Override
    public void cacheHit(String key, long at) throws SQLException {
        hitCache.setLong(1, at);
        hitCache.setString(2, key);
        hitCache.addBatch();
        cacheHits++;
    }

    private void addTrace(String id, String name, String kind, long startedAt, Long endedAt, String status,
            String error, String rootStepId, String memoryId) throws SQLException {
        PreparedStatement p = insertTrace;
        p.setString(1, id);
        p.setString(2, name);
        p.setString(3, kind);
        p.setLong(4, startedAt);
        setLong(p, 5, endedAt);
        p.setString(6, status);
        p.setString(7, error);
        p.setString(8, rootStepId);
        p.setString(9, memoryId);
        p.setString(10, runId);
        p.addBatch();
        traces++;
        knownTraces.put(id, Boolean.TRUE);
    }

    /** Executes what was added, in dependency order; the caller commits. */
    void flush() throws SQLException {
        if (traces > 0) {
            insertTrace.executeBatch();
        }
        if (steps > 0) {
            insertStep.executeBatch();
        }
        if (finishes > 0) {
            finishTrace.executeBatch();
        }
        if (extensions > 0) {
            extendTrace.executeBatch();
        }
        if (evals > 0) {
            insertEval.executeBatch();
        }
        if (cachePuts > 0) {
            putCache.executeBatch();
        }
        if (cacheHits > 0) {
            hitCache.executeBatch();
        }
        traces = steps = finishes = extensions = evals = cachePuts = cacheHits = 0;
    }

    /**
     * Hands the committed rows to {@code listener} and starts collecting anew; call after a commit. Nothing is
     * handed over when nothing was collected.
     */
    void handCommittedTo(CommitListener listener) {
        if (!collect || (pendingSteps.isEmpty() && pendingStarted.isEmpty() && pendingFinished.isEmpty())) {
            return;
        }
        List<StepRow> steps = pendingSteps;
        List<TraceStarted> started = pendingStarted;
        List<TraceFinished> finished = pendingFinished;
        pendingSteps = new ArrayList<>();
        pendingStarted = new ArrayList<>();
        pendingFinished = new ArrayList<>();
        listener.committed(steps, started, finished);
    }

    /** Forgets what was added but not flushed (the transaction is being rolled back). */
    void discard() throws SQLException {
        pendingSteps.clear();
        pendingStarted.clear();
        pendingFinished.clear();
        insertTrace.clearBatch();
        insertStep.clearBatch();
        finishTrace.clearBatch();
        extendTrace.clearBatch();
        insertEval.clearBatch();
        putCache.clearBatch();
        hitCache.clearBatch();
        traces = steps = finishes = extensions = evals = cachePuts = cacheHits = 0;
        knownTraces.clear();
    }

    private static void setLong(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setLong(index, value);
        }
    }

    private static void setDouble(PreparedStatement p, int index, Double value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.REAL);
        } else {
            p.setDouble(index, value);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement p : new PreparedStatement[] {insertTrace, insertStep, finishTrace, insertEval, putCache, hitCache}) {
            try {
                p.close();
            } catch (SQLException ignored) {
                // closing the connection releases it anyway
            }
        }
    }
}
