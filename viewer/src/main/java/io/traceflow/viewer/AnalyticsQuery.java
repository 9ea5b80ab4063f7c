package io.traceflow.viewer;

import static io.traceflow.viewer.TraceListQuery.doubleOrNull;
import static io.traceflow.viewer.TraceListQuery.longOrNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.traceflow.schema.Operations;
import io.traceflow.schema.StepAttributes;
import io.traceflow.schema.Statuses;
import io.traceflow.core.pricing.PriceTable;

/**
 * Model calls over a time range, per model and provider: calls, errors, latency percentiles, tokens, cost, cache hits
 * and time saved, as totals and per time bucket (an hour for ranges up to two days, else a day, aligned to the
 * client's time zone); and eval pass rates per evaluator. A model call is a step with a model that is not a tool
 * execution or a trace root. Latency percentiles leave out cache hits, which took no provider time.
 */
final class AnalyticsQuery {
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    /** One per LLM request: a framework's call that made its request through an SDK is counted on that child. */
    private static final String MODEL_CALL = "model IS NOT NULL AND operation NOT IN "
            + Operations.sqlList(Operations.NOT_MODEL_CALLS) + " AND " + StepAttributes.COUNTS_USAGE_SQL;

    record ModelStats(String model, String provider, long calls, long errors, double errorRate, Double p50, Double p95,
            Double p99, Long promptTokens, Long completionTokens, Long totalTokens, Double costUsd, long cacheHits,
            double cacheHitRate, Double savedMs, Long savedTokens) {
    }

    record Point(long bucket, String model, String provider, long calls, long errors, Long tokens, Double costUsd) {
    }

    record EvalStats(String name, long results, long passed, long failed, Double passRate) {
    }

    record Report(long from, long to, String bucket, long bucketMs, List<Long> buckets, List<ModelStats> models,
            List<Point> series, List<EvalStats> evals) {
    }

    private final PriceTable prices;

    AnalyticsQuery(PriceTable prices) {
        this.prices = prices;
    }

    Report run(Connection c, long from, long to, int tzOffsetMinutes, String bucketChoice) throws SQLException {
        if (to <= from) {
            throw new BadRequest("to must be after from");
        }
        long bucketMs;
        String bucket;
        if (bucketChoice == null) {
            bucket = to - from <= 2 * DAY ? "hour" : "day";
        } else if (bucketChoice.equals("hour") || bucketChoice.equals("day")) {
            bucket = bucketChoice;
        } else {
            throw new BadRequest("bucket must be hour or day");
        }
        bucketMs = bucket.equals("hour") ? HOUR : DAY;
        if ((to - from) / bucketMs > 2_000) {
            throw new BadRequest("too many " + bucket + "s in the range; choose a shorter range or bucket=day");
        }
        long offset = tzOffsetMinutes * 60_000L;

        Map<String, Acc> perModel = new LinkedHashMap<>();
        Map<String, Acc> series = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT (started_at - ?) / ?, model, response_model, provider,"
                + " cache_hit, count(*), sum(status = '" + Statuses.ERROR + "'), sum(prompt_tokens), sum(cached_tokens),"
                + " sum(completion_tokens), sum(total_tokens), sum(saved_ms), count(prompt_tokens) + count(completion_tokens)"
                + " FROM steps WHERE started_at >= ? AND started_at < ? AND " + MODEL_CALL
                + " GROUP BY 1, model, response_model, provider, cache_hit")) {
            p.setLong(1, offset);
            p.setLong(2, bucketMs);
            p.setLong(3, from);
            p.setLong(4, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long b = rs.getLong(1) * bucketMs + offset;
                    String model = rs.getString(2);
                    String provider = rs.getString(4);
                    boolean hit = rs.getInt(5) == 1;
                    long calls = rs.getLong(6);
                    long errors = rs.getLong(7);
                    Long prompt = longOrNull(rs, 8);
                    Long cached = longOrNull(rs, 9);
                    Long completion = longOrNull(rs, 10);
                    Long total = longOrNull(rs, 11);
                    Double saved = doubleOrNull(rs, 12);
                    boolean counted = rs.getInt(13) > 0;
                    Double cost = counted ? prices.cost(model, rs.getString(3), prompt, cached, completion, hit) : null;

                    Acc a = perModel.computeIfAbsent(model + "\u0000" + provider, k -> new Acc(model, provider));
                    a.calls += calls;
                    a.errors += errors;
                    a.prompt = TraceListQuery.add(a.prompt, prompt);
                    a.completion = TraceListQuery.add(a.completion, completion);
                    a.total = TraceListQuery.add(a.total, total);
                    a.addCost(counted, cost);
                    if (hit) {
                        a.hits += calls;
                        a.saved = saved == null ? a.saved : (a.saved == null ? 0 : a.saved) + saved;
                        a.savedTokens = TraceListQuery.add(a.savedTokens, total);
                    }

                    Acc pc = series.computeIfAbsent(b + "\u0000" + model + "\u0000" + provider,
                            k -> new Acc(model, provider));
                    pc.bucket = b;
                    pc.calls += calls;
                    pc.errors += errors;
                    pc.total = TraceListQuery.add(pc.total, total);
                    pc.addCost(counted, cost);
                }
            }
        }
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT model, provider, latency_ms FROM steps"
                + " WHERE started_at >= ? AND started_at < ? AND " + MODEL_CALL
                + " AND cache_hit = 0 AND latency_ms IS NOT NULL")) {
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    latencies.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getDouble(3));
                }
            }
        }
        List<ModelStats> models = new ArrayList<>();
        for (Map.Entry<String, Acc> e : perModel.entrySet()) {
            Acc a = e.getValue();
            double[] sorted = sorted(latencies.get(e.getKey()));
            models.add(new ModelStats(a.model, a.provider, a.calls, a.errors, rate(a.errors, a.calls),
                    percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), a.prompt, a.completion,
                    a.total, a.costOrNull(), a.hits, rate(a.hits, a.calls), a.saved, a.savedTokens));
        }
        models.sort((x, y) -> Long.compare(y.calls(), x.calls()));

        List<EvalStats> evals = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT name, count(*), sum(passed = 1), sum(passed = 0)"
                + " FROM evals WHERE created_at >= ? AND created_at < ? GROUP BY name ORDER BY name")) {
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long passed = rs.getLong(3);
                    long failed = rs.getLong(4);
                    evals.add(new EvalStats(rs.getString(1), rs.getLong(2), passed, failed,
                            passed + failed == 0 ? null : (double) passed / (passed + failed)));
                }
            }
        }
        List<Long> buckets = new ArrayList<>();
        for (long b = Math.floorDiv(from - offset, bucketMs) * bucketMs + offset; b < to; b += bucketMs) {
            buckets.add(b);
        }
        List<Point> points = new ArrayList<>();
        for (Acc a : series.values()) {
            points.add(new Point(a.bucket, a.model, a.provider, a.calls, a.errors, a.total, a.costOrNull()));
        }
        points.sort((x, y) -> Long.compare(x.bucket(), y.bucket()));
        return new Report(from, to, bucket, bucketMs, buckets, models, points, evals);
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static double[] sorted(List<Double> values) {
        if (values == null) {
            return new double[0];
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        Arrays.sort(out);
        return out;
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Running sums for one model and provider; cost stays unknown once any counted group had no price. */
    private static final class Acc {
        final String model;
        final String provider;
        long bucket;
        long calls;
        long errors;
        long hits;
        Long prompt;
        Long completion;
        Long total;
        Long savedTokens;
        Double saved;
        double cost;
        boolean costKnown;
        boolean costUnknown;

        Acc(String model, String provider) {
            this.model = model;
            this.provider = provider;
        }

        void addCost(boolean counted, Double value) {
            if (!counted) {
                return;
            }
            if (value == null) {
                costUnknown = true;
            } else {
                cost += value;
                costKnown = true;
            }
        }

        Double costOrNull() {
            return costUnknown || !costKnown ? null : cost;
        }
    }
}
