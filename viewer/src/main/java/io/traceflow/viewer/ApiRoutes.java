package io.traceflow.viewer;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import io.traceflow.core.TraceFlowVersion;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.store.Schema;
import io.traceflow.core.store.StoreException;

/**
 * The JSON API under {@code /api/}, documented in docs/api.md; the pages use nothing else. Every response is JSON,
 * errors included ({@code {"error": "..."}}).
 */
final class ApiRoutes {
    private static final Pattern TRACE = Pattern.compile("/api/traces/([A-Za-z0-9_-]{1,64})");
    private static final Pattern STEP = Pattern.compile("/api/steps/([A-Za-z0-9_-]{1,64})");
    private static final Pattern FEEDBACK = Pattern.compile("/api/steps/([A-Za-z0-9_-]{1,64})/feedback");
    private static final int MAX_BODY = 16 * 1024;
    private static final long WEEK = 7 * AnalyticsQuery.DAY;

    private final ViewerDatabase db;
    private final LiveVersion live;
    private final RequestGuard guard;
    private final PriceTable prices;
    private final TraceListQuery list;
    private final TraceDetailQuery detail;
    private final AnalyticsQuery analytics;

    ApiRoutes(ViewerDatabase db, LiveVersion live, RequestGuard guard, PriceTable prices) {
        this.db = db;
        this.live = live;
        this.guard = guard;
        this.prices = prices;
        this.list = new TraceListQuery(prices);
        this.detail = new TraceDetailQuery(prices);
        this.analytics = new AnalyticsQuery(prices);
    }

    void handle(HttpExchange exchange, String path) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            Matcher m;
            if ((m = FEEDBACK.matcher(path)).matches()) {
                requireMethod(method, "POST");
                BadRequest refused = guard.refuseWrite(exchange);
                if (refused != null) {
                    throw refused;
                }
                FeedbackWriter.Feedback feedback = FeedbackWriter.Feedback.from(body(exchange));
                String stepId = m.group(1);
                Http.json(exchange, 201, db.write(c -> FeedbackWriter.write(c, stepId, feedback)));
                return;
            }
            requireMethod(method, "GET");
            Map<String, String> q = Http.query(exchange);
            Object result;
            if (path.equals("/api/info")) {
                result = info();
            } else if (path.equals("/api/changes")) {
                result = Map.of("version", live.current());
            } else if (path.equals("/api/traces")) {
                TraceFilter filter = TraceFilter.from(q);
                int limit = intParam(q, "limit", TraceListQuery.DEFAULT_LIMIT);
                result = db.read(c -> list.run(c, filter, q.get("before"), limit));
            } else if (path.equals("/api/facets")) {
                result = db.read(Facets::read);
            } else if (path.equals("/api/analytics")) {
                long now = System.currentTimeMillis();
                Long to = TraceFilter.epochMs(q, "to");
                Long from = TraceFilter.epochMs(q, "from");
                long end = to == null ? now + 1 : to;
                long start = from == null ? end - WEEK : from;
                int tz = intParam(q, "tz", 0);
                if (tz < -14 * 60 || tz > 14 * 60) {
                    throw new BadRequest("tz must be minutes from -840 to 840 (JavaScript's getTimezoneOffset())");
                }
                String bucket = TraceFilter.blankToNull(q.get("bucket"));
                result = db.read(c -> analytics.run(c, start, end, tz, bucket));
            } else if ((m = TRACE.matcher(path)).matches()) {
                String id = m.group(1);
                result = db.read(c -> detail.trace(c, id));
            } else if ((m = STEP.matcher(path)).matches()) {
                String id = m.group(1);
                result = db.read(c -> detail.step(c, id));
            } else {
                throw new BadRequest(404, "no such API: " + path);
            }
            Http.json(exchange, 200, result);
        } catch (BadRequest e) {
            Http.error(exchange, e.status(), e.getMessage());
        } catch (StoreException e) {
            Http.error(exchange, 503, e.getMessage());
        } catch (SQLException e) {
            Http.error(exchange, 500, "database error: " + e.getMessage());
        }
    }

    private Map<String, Object> info() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", TraceFlowVersion.agent());
        out.put("db", db.file().toString());
        out.put("supportedSchemaVersion", Schema.CURRENT_VERSION);
        out.put("tokenRequired", guard.tokenRequired());
        out.put("prices", prices.source());
        try {
            db.read(c -> {
                out.put("schemaVersion", ViewerDatabase.schemaVersion(c));
                out.put("search", ViewerDatabase.hasSearchIndex(c) ? "fts" : "like");
                return null;
            });
            out.put("ready", true);
        } catch (StoreException | SQLException e) {
            out.put("ready", false);
            out.put("problem", e.getMessage());
        }
        return out;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = Http.body(exchange, MAX_BODY);
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            throw new BadRequest(405, "use " + allowed);
        }
    }

    private static int intParam(Map<String, String> q, String key, int fallback) {
        String v = TraceFilter.blankToNull(q.get(key));
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(key + " must be an integer");
        }
    }
}
