package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.OpenAiScenarioApp;

/**
 * Record once, replay offline: the real OpenAI SDK under the agent with {@code traceflow.cache}, against the fake
 * server, which counts the requests that reach it.
 */
class OpenAiCacheIT {
    static final String[] RECORDED = {"chat", "stream", "tools", "embeddings", "responses", "responses-stream",
            "async", "async-stream", "threads8"};

    @TempDir
    static Path dir;
    static Path db;
    static String baseUrl;
    static ForkedApp.Result plain;
    static ForkedApp.Result first;
    static ForkedApp.Result second;
    static ForkedApp.Result replay;
    static int requestsFirst;
    static int requestsSecond;

    @BeforeAll
    static void recordThenReplay() throws Exception {
        db = dir.resolve("cache.db");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            baseUrl = server.baseUrl();
            plain = ForkedApp.main(OpenAiScenarioApp.class).withoutAgent().args(OpenAiCaptureIT.with(baseUrl, RECORDED)).run();
        }
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            baseUrl = server.baseUrl();
            first = run("read-write", RECORDED);
            requestsFirst = server.requests().size();
            second = run("read-write", RECORDED);
            requestsSecond = server.requests().size() - requestsFirst;
        }
        replay = run("replay", RECORDED); // the server is gone: nothing may reach the network
    }

    static ForkedApp.Result run(String mode, String... scenarios) throws Exception {
        ForkedApp.Result result = ForkedApp.main(OpenAiScenarioApp.class).property("traceflow.db", db.toString())
                .property("traceflow.cache", mode).args(OpenAiCaptureIT.with(baseUrl, scenarios)).run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void secondReadWriteRunMakesNoRequestsAndPrintsTheSame() {
        assertThat(requestsFirst).isGreaterThanOrEqualTo(RECORDED.length);
        assertThat(requestsSecond).isZero();
        assertThat(second.stdout()).isEqualTo(first.stdout()).isEqualTo(plain.stdout());
    }

    @Test
    void replayWithTheServerStoppedGivesTheSameAnswers() {
        assertThat(replay.stdout()).isEqualTo(first.stdout());
        assertThat(replay.stderr()).doesNotContain("Exception");
    }

    @Test
    void eightThreadsGetOneAnswer() {
        assertThat(replay.stdout()).contains("8 answers, distinct: [chatcmpl-fake Echo: Same question for eight]");
    }

    @Test
    void hitsAreStepsWithLookupLatencyAndSavedTime() throws Exception {
        // The second run and the replay answer every call from the cache (threads8 makes 8 calls). The first run
        // may hit too: of 8 simultaneous identical misses, a late one can find the first one's fresh answer.
        List<Map<String, Object>> hits = Db.rows(db, "SELECT s.* FROM steps s JOIN traces t ON t.id = s.trace_id"
                + " WHERE s.cache_hit = 1 AND t.run_id <> (SELECT id FROM agent_runs ORDER BY started_at LIMIT 1)");
        int callsPerRun = RECORDED.length - 1 + 8;
        assertThat(hits).hasSize(2 * callsPerRun);
        assertThat(hits).allSatisfy(h -> {
            assertThat(((Number) h.get("saved_ms")).doubleValue()).isPositive();
            assertThat(h.get("status")).isEqualTo("ok");
            assertThat(h.get("output_text")).isNotNull();
        });
        Map<String, Object> streamHit = Db.rows(db, "SELECT * FROM steps WHERE cache_hit = 1 AND input_text LIKE"
                + " '%Stream please%'").get(0);
        assertThat(streamHit.get("output_text")).isEqualTo("Echo: Stream please");
        assertThat(streamHit.get("total_tokens")).isNotNull();
    }

    @Test
    void hitCountsAreKeptByTheWriter() throws Exception {
        long entries = Db.count(db, "SELECT count(*) FROM llm_cache");
        assertThat(entries).isEqualTo(RECORDED.length);
        long callsPerRun = RECORDED.length - 1 + 8;
        assertThat(Db.count(db, "SELECT sum(hit_count) FROM llm_cache")).isBetween(2 * callsPerRun, 2 * callsPerRun + 7);
        assertThat(Db.count(db, "SELECT sum(hit_count) FROM llm_cache"))
                .isEqualTo(Db.count(db, "SELECT count(*) FROM steps WHERE cache_hit = 1"));
        assertThat(Db.count(db, "SELECT count(*) FROM llm_cache WHERE last_hit_at IS NULL")).isZero();
    }

    @Test
    void replayMissFailsClearlyWithoutARequest() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            String previous = baseUrl;
            baseUrl = server.baseUrl();
            try {
                ForkedApp.Result miss = run("replay", "unrecorded");
                assertThat(server.requests()).isEmpty();
                assertThat(miss.stdout()).contains("CacheReplayMissException: TraceFlow replay: no recorded answer for chat",
                        "model gpt-4o-mini", "cache key ", "A question nobody recorded", "-Dtraceflow.cache=read-write");
                List<Map<String, Object>> failed = Db.rows(db, "SELECT * FROM steps WHERE input_text LIKE '%nobody recorded%'");
                assertThat(failed).singleElement().satisfies(step -> {
                    assertThat(step.get("status")).isEqualTo("error");
                    assertThat((String) step.get("error_type")).endsWith("CacheReplayMissException");
                });
            } finally {
                baseUrl = previous;
            }
        }
    }

    @Test
    void expiredEntriesAreNotUsed() throws Exception {
        Thread.sleep(1100);
        ForkedApp.Result expired = ForkedApp.main(OpenAiScenarioApp.class).property("traceflow.db", db.toString())
                .property("traceflow.cache", "replay").property("traceflow.cache.ttl", "1s")
                .args(baseUrl, "chat").run();
        assertThat(expired.stdout()).doesNotContain("Echo: Hello there");
        assertThat(expired.exitCode()).isNotZero(); // the replay miss propagates out of main, as the app wrote it
        assertThat(expired.stderr()).contains("CacheReplayMissException");
    }
}
