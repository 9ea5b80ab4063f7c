package io.traceflow.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StoreWriter;

/** The cache over a real file and a real writer thread. */
class ResponseCacheTest {
    static final String REQUEST = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}],\"temperature\":0}";

    @TempDir
    Path dir;
    EventQueue queue;
    StoreWriter writer;

    ResponseCache cache(String mode, String... more) throws Exception {
        Map<String, String> props = new java.util.HashMap<>();
        props.put("traceflow.db", dir.resolve("c.db").toString());
        props.put("traceflow.cache", mode);
        props.put("traceflow.flush.interval.ms", "20");
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        Config config = ConfigLoader.load(props, Map.of());
        queue = new EventQueue(10_000);
        writer = new StoreWriter(dir.resolve("c.db"), queue, 100, 20, new AgentRun(Map.of(), "", () -> 0));
        writer.start();
        return new ResponseCache(config, () -> {
            try {
                return writer.awaitOpened(5000) && !writer.storeUnavailable();
            } catch (InterruptedException e) {
                return false;
            }
        }, queue::offer);
    }

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.shutdown(10_000);
        }
    }

    @Test
    void aRepeatHitsBeforeTheWriterFlushesAndCountsAreKept() throws Exception {
        ResponseCache cache = cache("read-write");
        CacheLookup miss = cache.lookup("p", "chat", "u", REQUEST, 0.0);
        assertThat(miss.miss()).isTrue();
        Object answer = new Object();
        cache.store(miss, "p", "chat", "m", answer, () -> "{\"a\":4}", 120.0);
        CacheLookup hit = cache.lookup("p", "chat", "u", REQUEST, 0.0);
        assertThat(hit.hit()).isTrue();
        assertThat(hit.entry().answer()).isSameAs(answer);
        writer.shutdown(10_000);
        try (Connection c = TestDb.raw(dir.resolve("c.db"))) {
            assertThat(TestDb.string(c, "SELECT response_json FROM llm_cache")).isEqualTo("{\"a\":4}");
            assertThat(TestDb.count(c, "SELECT hit_count FROM llm_cache")).isEqualTo(1);
            assertThat(TestDb.string(c, "SELECT request_json FROM llm_cache")).contains("\"content\":\"2+2?\"");
        }
    }

    @Test
    void entriesFromTheFileAreFoundByANewProcess() throws Exception {
        ResponseCache first = cache("read-write");
        CacheLookup miss = first.lookup("p", "chat", "u", REQUEST, 0.0);
        first.store(miss, "p", "chat", "m", "answer", () -> "{\"a\":4}", 10);
        writer.shutdown(10_000);
        ResponseCache second = cache("replay");
        CacheLookup hit = second.lookup("p", "chat", "u", REQUEST, 0.0);
        assertThat(hit.hit()).isTrue();
        assertThat(hit.entry().answer()).isNull();
        assertThat(hit.entry().answerJson().get()).isEqualTo("{\"a\":4}");
        assertThat(hit.entry().originalLatencyMs()).isEqualTo(10.0);
    }

    @Test
    void readOnlyAndOffStoreNothing() throws Exception {
        ResponseCache readOnly = cache("read-only");
        CacheLookup miss = readOnly.lookup("p", "chat", "u", REQUEST, 0.0);
        readOnly.store(miss, "p", "chat", "m", "x", () -> "{}", 1);
        assertThat(readOnly.lookup("p", "chat", "u", REQUEST, 0.0).miss()).isTrue();
        writer.shutdown(10_000);
        ResponseCache off = cache("off");
        assertThat(off.lookup("p", "chat", "u", REQUEST, 0.0)).isEqualTo(CacheLookup.BYPASS);
    }

    @Test
    void expiredEntriesAreMisses() throws Exception {
        ResponseCache cache = cache("read-write", "traceflow.cache.ttl", "50ms");
        CacheLookup miss = cache.lookup("p", "chat", "u", REQUEST, 0.0);
        cache.store(miss, "p", "chat", "m", "x", () -> "{}", 1);
        assertThat(cache.lookup("p", "chat", "u", REQUEST, 0.0).hit()).isTrue();
        Thread.sleep(120);
        assertThat(cache.lookup("p", "chat", "u", REQUEST, 0.0).miss()).isTrue();
    }

    @Test
    void onlyDeterministicBypassesCallsWithoutTemperatureZero() throws Exception {
        ResponseCache cache = cache("read-write", "traceflow.cache.only.deterministic", "true");
        assertThat(cache.lookup("p", "chat", "u", REQUEST, 0.7)).isEqualTo(CacheLookup.BYPASS);
        assertThat(cache.lookup("p", "chat", "u", REQUEST, null)).isEqualTo(CacheLookup.BYPASS);
        assertThat(cache.lookup("p", "chat", "u", REQUEST, 0.0).miss()).isTrue();
    }

    @Test
    void concurrentIdenticalMissesStoreOneEntryAndEightThreadsHitTheSameAnswer() throws Exception {
        ResponseCache cache = cache("read-write");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> stores = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            stores.add(pool.submit(() -> {
                go.await();
                CacheLookup miss = cache.lookup("p", "chat", "u", REQUEST, 0.0);
                if (miss.miss()) {
                    cache.store(miss, "p", "chat", "m", "answer-" + id, () -> "{\"by\":" + id + "}", 5);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : stores) {
            f.get();
        }
        writer.shutdown(10_000);
        try (Connection c = TraceStore.openReadOnly(dir.resolve("c.db"))) {
            assertThat(TestDb.count(c, "SELECT count(*) FROM llm_cache")).isEqualTo(1);
        }
        ResponseCache reader = cache("replay");
        Set<String> answers = ConcurrentHashMap.newKeySet();
        CountDownLatch again = new CountDownLatch(1);
        List<Future<?>> hits = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            hits.add(pool.submit(() -> {
                again.await();
                answers.add(reader.lookup("p", "chat", "u", REQUEST, 0.0).entry().answerJson().get());
                return null;
            }));
        }
        again.countDown();
        for (Future<?> f : hits) {
            f.get();
        }
        pool.shutdown();
        assertThat(answers).hasSize(1);
    }

    @Test
    void replayMissMessageSaysWhatAndHow() throws Exception {
        ResponseCache cache = cache("replay", "traceflow.cache.namespace", "suite-a");
        CacheLookup miss = cache.lookup("p", "chat", "u", REQUEST, 0.0);
        String message = cache.replayMissMessage("chat", "gpt-4o-mini", miss, "What is   2+2?\n" + "x".repeat(200));
        assertThat(message).contains("chat", "gpt-4o-mini", miss.key(), "suite-a", "What is 2+2?",
                "-Dtraceflow.cache=read-write").doesNotContain("x".repeat(100));
    }
}
