package io.traceflow.viewer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.traceflow.schema.Operations;
import io.traceflow.schema.Statuses;
import io.traceflow.schema.StepAttributes;
import io.traceflow.core.pricing.PriceTable;

/**
 * The trace list: newest first, filtered, one page at a time by keyset ({@code (started_at, id) < cursor}, served by
 * the index {@code traces_by_started_at}), so page 1 000 costs what page 1 costs. The per-trace figures (steps,
 * tokens, cost, errors, evals) are computed for the page's traces only.
 */
public final class TraceListQuery {
    static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** One row of the list. Durations in ms, times in epoch ms, cost in USD (null: unknown). */
    public record TraceSummary(String id, String name, String kind, String status, String error, long startedAt,
            Long endedAt, Long durationMs, int steps, int llmCalls, Long promptTokens, Long completionTokens,
            Long totalTokens, Double costUsd, int errors, int cacheHits, Double savedMs, int evals, int evalsFailed,
            List<String> models, List<String> providers) {
    }

    public record Page(List<TraceSummary> traces, String next, String search) {
    }

    private final PriceTable prices;

    public TraceListQuery(PriceTable prices) {
        this.prices = prices;
    }

    /** The newest traces started at or after {@code since} (epoch ms, null for all), as the CLI lists them. */
    public List<TraceSummary> newest(Connection c, Long since, int limit) throws SQLException {
        TraceFilter filter = new TraceFilter(since, null, null, null, null, null, null, false, SearchText.parse(null));
        return run(c, filter, null, limit).traces();
    }

    Page run(Connection c, TraceFilter filter, String cursor, int limit) throws SQLException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequest("limit must be 1.." + MAX_LIMIT);
        }
        StringBuilder sql = new StringBuilder("SELECT t.id, t.name, t.kind, t.started_at, t.ended_at, t.status, t.error"
                + " FROM traces t WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (cursor != null && !cursor.isBlank()) {
            Cursor at = Cursor.parse(cursor);
            sql.append(" AND (t.started_at, t.id) < (?, ?)");
            args.add(at.startedAt());
            args.add(at.id());
        }
        String search = appendFilters(c, sql, args, filter);
        sql.append(" ORDER BY t.started_at DESC, t.id DESC LIMIT ?");
        args.add(limit + 1);

        Map<String, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Row r = new Row();
                    r.id = rs.getString(1);
                    r.name = rs.getString(2);
                    r.kind = rs.getString(3);
                    r.startedAt = rs.getLong(4);
                    r.endedAt = longOrNull(rs, 5);
                    r.status = rs.getString(6);
                    r.error = rs.getString(7);
                    rows.put(r.id, r);
                }
            }
        }
        String next = null;
        if (rows.size() > limit) {
            List<String> ids = new ArrayList<>(rows.keySet());
            rows.remove(ids.get(limit));
            Row last = rows.get(ids.get(limit - 1));
            next = new Cursor(last.startedAt, last.id).toString();
        }
        List<TraceSummary> out = summarize(c, rows);
        return new Page(out, next, search);
    }

    /** Appends the WHERE terms of the filter; returns how text search ran: "fts", "like" or null. */
    private static String appendFilters(Connection c, StringBuilder sql, List<Object> args, TraceFilter f)
            throws SQLException {
        if (f.from() != null) {
            sql.append(" AND t.started_at >= ?");
            args.add(f.from());
        }
        if (f.to() != null) {
            sql.append(" AND t.started_at < ?");
            args.add(f.to());
        }
        if (f.name() != null) {
            sql.append(" AND t.name = ?");
            args.add(f.name());
        }
        if (f.status() != null) {
            sql.append(" AND t.status = ?");
            args.add(f.status());
        }
        if (f.model() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM steps s WHERE s.trace_id = t.id AND (s.model = ? OR s.response_model = ?))");
            args.add(f.model());
            args.add(f.model());
        }
        if (f.provider() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM steps s WHERE s.trace_id = t.id AND s.provider = ?)");
            args.add(f.provider());
        }
        if (f.cacheHit() != null) {
            sql.append(f.cacheHit() ? " AND" : " AND NOT")
                    .append(" EXISTS (SELECT 1 FROM steps s WHERE s.trace_id = t.id AND s.cache_hit = 1)");
        }
        if (f.failedEvals()) {
            sql.append(" AND EXISTS (SELECT 1 FROM steps s JOIN evals e ON e.step_id = s.id"
                    + " WHERE s.trace_id = t.id AND e.passed = 0)");
        }
        if (f.search().isEmpty()) {
            return null;
        }
        if (ViewerDatabase.hasSearchIndex(c)) {
            sql.append(" AND t.id IN (SELECT s.trace_id FROM steps_fts JOIN steps s ON s.rowid = steps_fts.rowid"
                    + " WHERE steps_fts MATCH ?)");
            args.add(f.search().ftsQuery());
            return "fts";
        }
        for (String word : f.search().words()) {
            sql.append(" AND EXISTS (SELECT 1 FROM steps s WHERE s.trace_id = t.id AND (s.input_text LIKE ? ESCAPE '\\'"
                    + " OR s.output_text LIKE ? ESCAPE '\\'))");
            args.add(SearchText.likePattern(word));
            args.add(SearchText.likePattern(word));
        }
        return "like";
    }

    static void bind(PreparedStatement p, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            p.setObject(i + 1, args.get(i));
        }
    }

    private static final class Row {
        String id;
        String name;
        String kind;
        long startedAt;
        Long endedAt;
        String status;
        String error;
        int steps;
        int llmCalls;
        Long promptTokens;
        Long completionTokens;
        Long totalTokens;
        double cost;
        boolean costUnknown;
        boolean anyCost;
        int errors;
        int cacheHits;
        Double savedMs;
        int evals;
        int evalsFailed;
        Long lastEnd;
        final Set<String> models = new LinkedHashSet<>();
        final Set<String> providers = new LinkedHashSet<>();
    }

    private static final String COUNTED = StepAttributes.COUNTS_USAGE_SQL;

    private List<TraceSummary> summarize(Connection c, Map<String, Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        String in = placeholders(rows.size());
        List<Object> ids = new ArrayList<>(rows.keySet());
        // One group per trace, model and cache flag: enough to price every step exactly.
        try (PreparedStatement p = c.prepareStatement("SELECT trace_id, model, response_model, provider, cache_hit,"
                + " count(*), sum(model IS NOT NULL AND operation NOT IN "
                + Operations.sqlList(Operations.NOT_MODEL_CALLS) + " AND " + COUNTED + "),"
                // One LLM request is counted once: a framework's call that made its request through an SDK leaves
                // its usage to that child step (StepAttributes).
                + " sum(CASE WHEN " + COUNTED + " THEN prompt_tokens END), sum(CASE WHEN " + COUNTED
                + " THEN cached_tokens END), sum(CASE WHEN " + COUNTED + " THEN completion_tokens END),"
                + " sum(CASE WHEN " + COUNTED + " THEN total_tokens END),"
                + " sum(status = '" + Statuses.ERROR + "'), sum(saved_ms), max(ended_at),"
                + " count(CASE WHEN " + COUNTED + " THEN prompt_tokens END) + count(CASE WHEN " + COUNTED
                + " THEN completion_tokens END)"
                + " FROM steps WHERE trace_id IN (" + in + ") GROUP BY trace_id, model, response_model, provider, cache_hit")) {
            bind(p, ids);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Row r = rows.get(rs.getString(1));
                    String model = rs.getString(2);
                    String responseModel = rs.getString(3);
                    String provider = rs.getString(4);
                    boolean hit = rs.getInt(5) == 1;
                    int count = rs.getInt(6);
                    r.steps += count;
                    r.llmCalls += rs.getInt(7);
                    Long prompt = longOrNull(rs, 8);
                    Long cached = longOrNull(rs, 9);
                    Long completion = longOrNull(rs, 10);
                    r.promptTokens = add(r.promptTokens, prompt);
                    r.completionTokens = add(r.completionTokens, completion);
                    r.totalTokens = add(r.totalTokens, longOrNull(rs, 11));
                    r.errors += rs.getInt(12);
                    if (hit) {
                        r.cacheHits += count;
                        Double saved = doubleOrNull(rs, 13);
                        r.savedMs = saved == null ? r.savedMs : (r.savedMs == null ? 0 : r.savedMs) + saved;
                    }
                    Long end = longOrNull(rs, 14);
                    if (end != null && (r.lastEnd == null || end > r.lastEnd)) {
                        r.lastEnd = end;
                    }
                    if (rs.getInt(15) > 0) {
                        Double cost = prices.cost(model, responseModel, prompt, cached, completion, hit);
                        if (cost == null) {
                            r.costUnknown = true;
                        } else {
                            r.cost += cost;
                            r.anyCost = true;
                        }
                    }
                    if (model != null) {
                        r.models.add(model);
                    }
                    if (provider != null) {
                        r.providers.add(provider);
                    }
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT s.trace_id, count(*), sum(e.passed = 0) FROM evals e"
                + " JOIN steps s ON s.id = e.step_id WHERE s.trace_id IN (" + in + ") GROUP BY s.trace_id")) {
            bind(p, ids);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Row r = rows.get(rs.getString(1));
                    r.evals = rs.getInt(2);
                    r.evalsFailed = rs.getInt(3);
                }
            }
        }
        List<TraceSummary> out = new ArrayList<>(rows.size());
        for (Row r : rows.values()) {
            Long duration = r.endedAt == null ? null : r.endedAt - r.startedAt;
            Double cost = r.costUnknown || !r.anyCost ? null : r.cost;
            out.add(new TraceSummary(r.id, r.name, r.kind, r.status, r.error, r.startedAt, r.endedAt, duration,
                    r.steps, r.llmCalls, r.promptTokens, r.completionTokens, r.totalTokens, cost, r.errors,
                    r.cacheHits, r.savedMs, r.evals, r.evalsFailed, List.copyOf(r.models), List.copyOf(r.providers)));
        }
        return out;
    }

    static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Long add(Long a, Long b) {
        if (b == null) {
            return a;
        }
        return a == null ? b : a + b;
    }

    /** The position after the last row of a page: its start time and id, as {@code <started_at>~<id>}. */
    record Cursor(long startedAt, String id) {
        static Cursor parse(String text) {
            int sep = text.indexOf('~');
            if (sep <= 0 || sep == text.length() - 1) {
                throw new BadRequest("before must be a cursor returned as 'next' by this API");
            }
            try {
                return new Cursor(Long.parseLong(text.substring(0, sep)), text.substring(sep + 1));
            } catch (NumberFormatException e) {
                throw new BadRequest("before must be a cursor returned as 'next' by this API");
            }
        }

        @Override
        public String toString() {
            return startedAt + "~" + id;
        }
    }
}
