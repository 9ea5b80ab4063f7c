package io.traceflow.eval;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.traceflow.schema.Statuses;
import io.traceflow.core.config.StepFilter;
import io.traceflow.core.model.EvalRow;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;

/**
 * Offline evaluation ({@code traceflow eval}): runs evaluators over steps and traces already stored, e.g. an
 * evaluator added after the fact. Idempotent: a step that already has a result of the same evaluator name and
 * version is skipped (the unique index {@code evals_one_per_evaluator} guarantees it even against a concurrent
 * run), unless {@code force}, which replaces the earlier result. Works in pages of steps, one transaction per page,
 * so a long run can be interrupted and resumed, and a live app's writer is never locked out for long.
 */
public final class Backfill {
    static final int PAGE = 200;
    static final long PROGRESS_EVERY_MS = 2000;

    /**
     * @param sinceMillis only steps (traces) that started at or after this epoch ms; null for all
     * @param traceId only this trace; null for all
     * @param where conditions on the steps (or traces)
     * @param force evaluate again what was evaluated already, replacing the old result
     * @param threads steps evaluated in parallel
     */
    public record Options(String traceId, Long sinceMillis, StepFilter where, boolean force, int threads) {
    }

    /**
     * What a run did.
     *
     * @param steps steps that matched at least one step evaluator's filter (evaluated now or before)
     * @param traces finished traces that matched at least one trace evaluator's filter
     */
    public record Summary(long steps, long traces, long written, long passed, long failed, long errors,
            long alreadyEvaluated, long notApplicable) {
        @Override
        public String toString() {
            return written + " results written (" + passed + " passed, " + failed + " failed, " + errors + " errors); "
                    + alreadyEvaluated + " already evaluated, " + notApplicable + " not applicable";
        }
    }

    private final List<ConfiguredEvaluator> stepEvaluators;
    private final List<ConfiguredEvaluator> traceEvaluators;
    private final EvalCalls calls;
    private final PrintWriter progress;
    private final long progressEveryMs;
    private long steps;
    private long traces;
    private long stepsSeen;
    private long tracesSeen;
    private long written;
    private long passed;
    private long failed;
    private long errors;
    private long already;
    private long notApplicable;
    private long lastProgress;
    private final long started = System.currentTimeMillis();

    /** @param progress where a progress line goes every 2 s on a long run; null for none */
    public Backfill(List<ConfiguredEvaluator> evaluators, EvalCalls calls, PrintWriter progress) {
        this(evaluators, calls, progress, PROGRESS_EVERY_MS);
    }

    Backfill(List<ConfiguredEvaluator> evaluators, EvalCalls calls, PrintWriter progress, long progressEveryMs) {
        this.progressEveryMs = progressEveryMs;
        this.stepEvaluators = evaluators.stream().filter(e -> !e.isTraceEvaluator()).toList();
        this.traceEvaluators = evaluators.stream().filter(ConfiguredEvaluator::isTraceEvaluator).toList();
        this.calls = calls;
        this.progress = progress;
        this.lastProgress = started;
    }

    public Summary run(Connection c, Options o) throws SQLException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()), r -> {
            Thread t = new Thread(r, "traceflow-backfill");
            t.setDaemon(true);
            return t;
        });
        try {
            if (!stepEvaluators.isEmpty()) {
                runSteps(c, o, pool);
            }
            if (!traceEvaluators.isEmpty()) {
                runTraces(c, o, pool);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(steps, traces, written, passed, failed, errors, already, notApplicable);
    }

    private void runSteps(Connection c, Options o, ExecutorService pool) throws SQLException, InterruptedException {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (o.sinceMillis() != null) {
            where.append(" AND s.started_at >= ?");
            args.add(o.sinceMillis());
        }
        if (o.traceId() != null) {
            where.append(" AND s.trace_id = ?");
            args.add(o.traceId());
        }
        where.append(o.where().toSql(args));
        String from = " FROM steps s LEFT JOIN traces t ON t.id = s.trace_id";
        long total = count(c, "SELECT count(*)" + from + where, args);
        String after = "";
        while (true) {
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(after);
            List<StepView> page = new ArrayList<>();
            try (PreparedStatement p = prepare(c, "SELECT " + StepViews.COLUMNS + from + where
                    + " AND s.id > ? ORDER BY s.id LIMIT " + PAGE, pageArgs); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    page.add(StepViews.read(rs));
                }
            }
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1).id();
            Set<String> existing = o.force() ? Set.of() : existing(c, page.stream().map(StepView::id).toList());
            List<Future<List<EvalRow>>> results = new ArrayList<>();
            for (StepView step : page) {
                List<ConfiguredEvaluator> todo = new ArrayList<>();
                boolean matched = false;
                for (ConfiguredEvaluator e : stepEvaluators) {
                    if (!e.accepts(step)) {
                        continue;
                    }
                    matched = true;
                    if (existing.contains(key(step.id(), e))) {
                        already++;
                    } else {
                        todo.add(e);
                    }
                }
                steps += matched ? 1 : 0;
                results.add(pool.submit(() -> {
                    List<EvalRow> rows = new ArrayList<>();
                    for (ConfiguredEvaluator e : todo) {
                        EvalRow row = calls.evaluate(e, step);
                        rows.add(row == null ? notApplicable(step.id()) : row);
                    }
                    return rows;
                }));
            }
            write(c, collect(results), o.force());
            stepsSeen += page.size();
            progress("steps", stepsSeen, total);
        }
    }

    private void runTraces(Connection c, Options o, ExecutorService pool) throws SQLException, InterruptedException {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE t.status <> '" + Statuses.RUNNING + "'");
        if (o.sinceMillis() != null) {
            where.append(" AND t.started_at >= ?");
            args.add(o.sinceMillis());
        }
        if (o.traceId() != null) {
            where.append(" AND t.id = ?");
            args.add(o.traceId());
        }
        where.append(o.where().toTraceSql(args));
        long total = count(c, "SELECT count(*) FROM traces t" + where, args);
        String after = "";
        while (true) {
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(after);
            List<String> ids = new ArrayList<>();
            try (PreparedStatement p = prepare(c, "SELECT t.id FROM traces t" + where + " AND t.id > ? ORDER BY t.id"
                    + " LIMIT " + PAGE, pageArgs); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            if (ids.isEmpty()) {
                break;
            }
            after = ids.get(ids.size() - 1);
            List<TraceView> page = new ArrayList<>();
            for (String id : ids) {
                TraceView trace = StepViews.loadTrace(c, id);
                if (trace != null && trace.linkStepId() != null) {
                    page.add(trace);
                }
            }
            Set<String> existing = o.force() ? Set.of() : existing(c, page.stream().map(TraceView::linkStepId).toList());
            List<Future<List<EvalRow>>> results = new ArrayList<>();
            for (TraceView trace : page) {
                List<ConfiguredEvaluator> todo = new ArrayList<>();
                boolean matched = false;
                for (ConfiguredEvaluator e : traceEvaluators) {
                    if (!e.accepts(trace)) {
                        continue;
                    }
                    matched = true;
                    if (existing.contains(key(trace.linkStepId(), e))) {
                        already++;
                    } else {
                        todo.add(e);
                    }
                }
                traces += matched ? 1 : 0;
                results.add(pool.submit(() -> {
                    List<EvalRow> rows = new ArrayList<>();
                    for (ConfiguredEvaluator e : todo) {
                        EvalRow row = calls.evaluate(e, trace);
                        rows.add(row == null ? notApplicable(trace.linkStepId()) : row);
                    }
                    return rows;
                }));
            }
            write(c, collect(results), o.force());
            tracesSeen += ids.size();
            progress("traces", tracesSeen, total);
        }
    }

    /** Stands for "not applicable" in a page's results; never written. */
    private static EvalRow notApplicable(String stepId) {
        return new EvalRow(null, stepId, null, null, null, null, null, 0);
    }

    private static List<EvalRow> collect(List<Future<List<EvalRow>>> futures) throws InterruptedException {
        List<EvalRow> rows = new ArrayList<>();
        for (Future<List<EvalRow>> f : futures) {
            try {
                rows.addAll(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("evaluation failed unexpectedly", e.getCause());
            }
        }
        return rows;
    }

    private void write(Connection c, List<EvalRow> rows, boolean replace) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT OR " + (replace ? "REPLACE" : "IGNORE") + " INTO evals"
                + " (id, step_id, name, score, passed, detail, evaluator_version, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
            for (EvalRow r : rows) {
                if (r.id() == null) {
                    notApplicable++;
                    continue;
                }
                p.setString(1, r.id());
                p.setString(2, r.stepId());
                p.setString(3, r.name());
                if (r.score() == null) {
                    p.setNull(4, Types.REAL);
                } else {
                    p.setDouble(4, r.score());
                }
                if (r.passed() == null) {
                    p.setNull(5, Types.INTEGER);
                } else {
                    p.setInt(5, r.passed() ? 1 : 0);
                }
                p.setString(6, r.detail());
                p.setString(7, r.evaluatorVersion());
                p.setLong(8, r.createdAt());
                if (p.executeUpdate() > 0) {
                    written++;
                    if (r.passed() == null) {
                        errors++;
                    } else if (r.passed()) {
                        passed++;
                    } else {
                        failed++;
                    }
                } else {
                    already++; // a concurrent run wrote it first
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private Set<String> existing(Connection c, List<String> stepIds) throws SQLException {
        Set<String> out = new HashSet<>();
        if (stepIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(stepIds.size(), "?"));
        try (PreparedStatement p = prepare(c, "SELECT step_id, name, coalesce(evaluator_version, '') FROM evals"
                + " WHERE step_id IN (" + marks + ")", new ArrayList<>(stepIds)); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000' + rs.getString(3));
            }
        }
        return out;
    }

    private static String key(String stepId, ConfiguredEvaluator e) {
        return stepId + '\u0000' + e.label() + '\u0000' + e.version();
    }

    private void progress(String what, long done, long total) {
        long now = System.currentTimeMillis();
        if (progress == null || now - lastProgress < progressEveryMs) {
            return;
        }
        lastProgress = now;
        double seconds = Math.max(0.001, (now - started) / 1000.0);
        progress.println(String.format(Locale.ROOT, "eval: %d/%d %s (%d%%), %d results written, %.1f %s/s", done,
                total, what, total == 0 ? 100 : done * 100 / total, written, done / seconds, what));
        progress.flush();
    }

    private static long count(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement p = prepare(c, sql, args); ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement p = c.prepareStatement(sql);
        AtomicInteger i = new AtomicInteger(1);
        try {
            for (Object arg : args) {
                if (arg instanceof Long l) {
                    p.setLong(i.getAndIncrement(), l);
                } else {
                    p.setString(i.getAndIncrement(), String.valueOf(arg));
                }
            }
        } catch (SQLException e) {
            p.close();
            throw e;
        }
        return p;
    }
}
