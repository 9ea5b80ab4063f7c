package io.traceflow.core.cache;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;
import io.traceflow.core.log.AgentLog;
import io.traceflow.core.model.WriteEvent;
import io.traceflow.core.store.StoreException;
import io.traceflow.core.store.TraceStore;

/**
 * The response cache, consulted on the app thread before a real LLM call. The one place the app thread may touch
 * the database: a primary-key read on its own read-only connection. Recent answers are kept in memory too, so a
 * repeat of a call that just happened hits before the writer has flushed, and without parsing. Stores and hit
 * counts go through the writer like every other write.
 */
public final class ResponseCache {
    private static final int RECENT_MAX = 256;

    private final CacheMode mode;
    private final String namespace;
    private final List<String> ignore;
    private final boolean onlyDeterministic;
    private final long ttlMillis;
    private final Path db;
    private final Supplier<Boolean> storeReady;
    private final java.util.function.Predicate<WriteEvent> writer;
    private final Map<String, CacheEntry> recent = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CacheEntry> eldest) {
            return size() > RECENT_MAX;
        }
    };
    private final io.traceflow.core.config.ContentPolicy policy;
    private Connection reader;
    private PreparedStatement select;
    private boolean readerFailed;

    /**
     * @param storeReady waits (briefly) until the writer has opened and migrated the file; true when usable
     * @param writer hands an event to the writer queue
     */
    public ResponseCache(Config config, Supplier<Boolean> storeReady, java.util.function.Predicate<WriteEvent> writer) {
        this(config, storeReady, writer, io.traceflow.core.config.ContentPolicy.from(config));
    }

    public ResponseCache(Config config, Supplier<Boolean> storeReady, java.util.function.Predicate<WriteEvent> writer,
            io.traceflow.core.config.ContentPolicy policy) {
        this.policy = policy;
        this.mode = CacheMode.of(config.get(Settings.CACHE));
        this.namespace = config.get(Settings.CACHE_NAMESPACE);
        this.ignore = config.get(Settings.CACHE_KEY_IGNORE);
        this.onlyDeterministic = config.get(Settings.CACHE_ONLY_DETERMINISTIC);
        Duration ttl = config.get(Settings.CACHE_TTL);
        this.ttlMillis = ttl.isZero() ? 0 : ttl.toMillis();
        this.db = config.get(Settings.DB);
        this.storeReady = storeReady;
        this.writer = writer;
    }

    public CacheMode mode() {
        return mode;
    }

    public boolean enabled() {
        return mode.looksUp();
    }

    /**
     * Looks a request up.
     *
     * @param requestJson the request body as the library sends it (any field order)
     * @param temperature the call's temperature; null when not set (the provider's default, not 0)
     */
    public CacheLookup lookup(String provider, String operation, String baseUrl, String requestJson,
            Double temperature) {
        if (!mode.looksUp() || requestJson == null
                || (onlyDeterministic && (temperature == null || temperature != 0.0))) {
            return CacheLookup.BYPASS;
        }
        long start = System.nanoTime();
        String canonical = CacheKeys.canonical(requestJson, ignore);
        String key = CacheKeys.key(provider, operation, baseUrl, namespace, canonical);
        CacheEntry entry = find(key);
        long took = System.nanoTime() - start;
        if (entry != null) {
            writer.test(CacheWrite.hit(key, System.currentTimeMillis()));
            return new CacheLookup(CacheLookup.Outcome.HIT, key, canonical, entry, took);
        }
        return new CacheLookup(CacheLookup.Outcome.MISS, key, canonical, null, took);
    }

    /** Records a successful live answer under the key its lookup produced (read-write mode only). */
    public void store(CacheLookup miss, String provider, String operation, String model, Object answer,
            Supplier<String> answerJson, double latencyMs) {
        if (!mode.stores() || miss == null || !miss.miss() || answer == null) {
            return;
        }
        // The request is kept for people (cache list, export), so it follows the content settings; the answer is
        // kept verbatim because replay must return it exactly (docs/cache.md).
        String storedRequest = policy.captureContent() ? policy.clean(miss.canonicalRequest(), null) : "{}";
        CacheEntry entry = new CacheEntry(miss.key(), namespace, provider, operation, model, storedRequest,
                answer, memoize(answerJson), latencyMs, System.currentTimeMillis());
        synchronized (recent) {
            // First answer wins, as in the file (INSERT OR IGNORE): concurrent identical misses all get one answer.
            recent.putIfAbsent(entry.key(), entry);
        }
        writer.test(CacheWrite.put(entry));
    }

    /** Keeps an entry read from the file, with its parsed answer, so the next hit skips the parsing. */
    public void remember(CacheEntry entryWithAnswer) {
        synchronized (recent) {
            recent.put(entryWithAnswer.key(), entryWithAnswer);
        }
    }

    private CacheEntry find(String key) {
        long oldest = ttlMillis == 0 ? Long.MIN_VALUE : System.currentTimeMillis() - ttlMillis;
        synchronized (recent) {
            CacheEntry fresh = recent.get(key);
            if (fresh != null && fresh.createdAt() >= oldest) {
                return fresh;
            }
        }
        return readFromFile(key, oldest);
    }

    private synchronized CacheEntry readFromFile(String key, long oldest) {
        if (!openReader()) {
            return null;
        }
        try {
            select.setString(1, key);
            select.setLong(2, oldest);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String json = rs.getString("response_json");
                return new CacheEntry(key, rs.getString("namespace"), rs.getString("provider"),
                        rs.getString("operation"), rs.getString("model"), rs.getString("request_json"), null,
                        () -> json, rs.getDouble("original_latency_ms"), rs.getLong("created_at"));
            }
        } catch (SQLException e) {
            AgentLog.debug("cache lookup failed; treated as a miss", e);
            return null;
        }
    }

    private boolean openReader() {
        if (select != null) {
            return true;
        }
        if (readerFailed || !storeReady.get()) {
            return false;
        }
        try {
            reader = TraceStore.openReadOnly(db);
            select = reader.prepareStatement("SELECT namespace, provider, operation, model, request_json,"
                    + " response_json, original_latency_ms, created_at FROM llm_cache WHERE key = ? AND created_at >= ?");
            return true;
        } catch (StoreException | SQLException e) {
            readerFailed = true;
            AgentLog.warn("the response cache cannot read " + db + " (" + e.getMessage() + "); calls go live");
            return false;
        }
    }

    private static Supplier<String> memoize(Supplier<String> supplier) {
        return new Supplier<>() {
            private volatile String value;

            @Override
            public String get() {
                String v = value;
                if (v == null) {
                    try {
                        v = supplier.get();
                    } catch (RuntimeException | LinkageError e) {
                        AgentLog.debug("cache entry could not be serialized; not stored", e);
                        return null;
                    }
                    value = v;
                }
                return v;
            }
        };
    }

    /** The message of a strict-replay miss: what was asked, under which key, and how to record it. */
    public String replayMissMessage(String operation, String model, CacheLookup miss, String lastUserText) {
        String excerpt = lastUserText == null ? "" : lastUserText.replaceAll("\\s+", " ").trim();
        if (excerpt.length() > 80) {
            excerpt = excerpt.substring(0, 80) + "…";
        }
        return "TraceFlow replay: no recorded answer for " + operation + " with model " + model + " (cache key "
                + miss.key() + (namespace.isEmpty() ? "" : ", namespace " + namespace) + "; last user message: \""
                + excerpt + "\"). No network call was made. To record it, run once with -Dtraceflow.cache=read-write"
                + " against the real endpoint, then replay again.";
    }
}
