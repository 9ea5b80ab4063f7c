package io.traceflow.eval;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers of {@code traceflow eval report}, as data (a viewer shows the same): pass rates per evaluator, per
 * model and per trace name, and the worst failing steps. "Since" filters on when the evaluated step started.
 * A pass rate counts decided results only: error results (passed {@code NULL}) are counted apart.
 */
public final class EvalReport {
    private EvalReport() {
    }

    /**
     * Results of one evaluator within one group.
     *
     * @param group the model or trace name; null in {@link #byEvaluator}
     */
    public record Rate(String group, String evaluator, long results, long passed, long failed, long errors,
            Double avgScore) {
        /** passed / (passed + failed), or null when nothing was decided. */
        public Double passRate() {
            return passed + failed == 0 ? null : (double) passed / (passed + failed);
        }
    }

    /** A step with failed results: how many, the lowest score, which evaluators, and the worst one's detail. */
    public record FailingStep(String stepId, String traceId, String traceName, String model, long startedAt,
            long failed, Double minScore, String evaluators, String detail) {
    }

    private static final String FROM = " FROM evals e JOIN steps s ON s.id = e.step_id"
            + " LEFT JOIN traces t ON t.id = s.trace_id WHERE s.started_at >= ?";
    private static final String COUNTS = "count(*), coalesce(sum(e.passed = 1), 0), coalesce(sum(e.passed = 0), 0),"
            + " coalesce(sum(e.passed IS NULL), 0), avg(e.score)";

    public static List<Rate> byEvaluator(Connection c, Long since) throws SQLException {
        return rates(c, "SELECT NULL, e.name, " + COUNTS + FROM + " GROUP BY e.name ORDER BY e.name", since);
    }

    public static List<Rate> byModel(Connection c, Long since) throws SQLException {
        return rates(c, "SELECT coalesce(s.model, '(none)') AS g, e.name, " + COUNTS + FROM
                + " GROUP BY g, e.name ORDER BY g, e.name", since);
    }

    public static List<Rate> byTraceName(Connection c, Long since) throws SQLException {
        return rates(c, "SELECT coalesce(t.name, '(unnamed)') AS g, e.name, " + COUNTS + FROM
                + " GROUP BY g, e.name ORDER BY g, e.name", since);
    }

    /** Steps with the most failed results first, then the lowest score, then the newest. */
    public static List<FailingStep> worstFailing(Connection c, Long since, int limit) throws SQLException {
        String sql = "SELECT s.id, s.trace_id, t.name, s.model, s.started_at, count(*) AS failed, min(e.score) AS low,"
                + " group_concat(e.name, ', '),"
                + " (SELECT w.detail FROM evals w WHERE w.step_id = s.id AND w.passed = 0"
                + " ORDER BY w.score, w.name LIMIT 1)"
                + FROM + " AND e.passed = 0 GROUP BY s.id ORDER BY failed DESC, low ASC, s.started_at DESC LIMIT ?";
        List<FailingStep> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, since == null ? Long.MIN_VALUE : since);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    double low = rs.getDouble(7);
                    Double min = rs.wasNull() ? null : low;
                    out.add(new FailingStep(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), min, rs.getString(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    private static List<Rate> rates(Connection c, String sql, Long since) throws SQLException {
        List<Rate> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, since == null ? Long.MIN_VALUE : since);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    double avg = rs.getDouble(7);
                    Double avgScore = rs.wasNull() ? null : avg;
                    out.add(new Rate(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), avgScore));
                }
            }
        }
        return out;
    }
}
