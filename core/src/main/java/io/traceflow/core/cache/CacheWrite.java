package io.traceflow.core.cache;

import java.sql.SQLException;

import io.traceflow.core.model.CacheRow;
import io.traceflow.core.model.EventSink;
import io.traceflow.core.model.WriteEvent;

/** Writer-thread side of the cache: store a new answer, or count a hit. */
public record CacheWrite(CacheEntry entry, String hitKey, long hitAt) implements WriteEvent {
    static CacheWrite put(CacheEntry entry) {
        return new CacheWrite(entry, null, 0);
    }

    static CacheWrite hit(String key, long at) {
        return new CacheWrite(null, key, at);
    }

    @Override
    public void applyTo(EventSink sink) throws SQLException {
        if (entry != null) {
            sink.cachePut(new CacheRow(entry.key(), entry.namespace(), entry.provider(), entry.operation(),
                    entry.model(), entry.canonicalRequest(), entry.answerJson(), entry.originalLatencyMs(),
                    entry.createdAt()));
        } else {
            sink.cacheHit(hitKey, hitAt);
        }
    }
}
