package io.traceflow.viewer;

import java.util.Map;
import java.util.Set;

import io.traceflow.schema.Statuses;

/**
 * The trace list's filters, as given in the query string of {@code GET /api/traces} (see docs/api.md). Every field
 * is optional; values are validated here so that the query builder only ever binds them as parameters.
 */
record TraceFilter(Long from, Long to, String name, String model, String provider, String status, Boolean cacheHit,
        boolean failedEvals, SearchText search) {

    private static final Set<String> STATUSES = Set.of(Statuses.RUNNING, Statuses.OK, Statuses.ERROR);

    static TraceFilter from(Map<String, String> q) {
        String status = blankToNull(q.get("status"));
        if (status != null && !STATUSES.contains(status)) {
            throw new BadRequest("status must be one of running, ok, error");
        }
        String cache = blankToNull(q.get("cache"));
        Boolean cacheHit = null;
        if (cache != null) {
            if (!cache.equals("hit") && !cache.equals("miss")) {
                throw new BadRequest("cache must be hit or miss");
            }
            cacheHit = cache.equals("hit");
        }
        String evals = blankToNull(q.get("evals"));
        if (evals != null && !evals.equals("failed")) {
            throw new BadRequest("evals must be failed");
        }
        return new TraceFilter(epochMs(q, "from"), epochMs(q, "to"), blankToNull(q.get("name")),
                blankToNull(q.get("model")), blankToNull(q.get("provider")), status, cacheHit, evals != null,
                SearchText.parse(q.get("q")));
    }

    static Long epochMs(Map<String, String> q, String key) {
        String v = blankToNull(q.get(key));
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(key + " must be epoch milliseconds");
        }
    }

    static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
