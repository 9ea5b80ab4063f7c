package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.LangChain4jScenarioApp;

/**
 * Record once, replay offline, with LangChain4j: blocking and streaming chat, embeddings, and AI Service tool
 * loops (blocking and TokenStream) driven by recorded answers, with the fake server counting requests.
 */
class LangChain4jCacheIT {
    static final String[] SCENARIOS = {"chat", "chat-metadata", "stream", "tools", "embeddings", "token-stream"};

    @TempDir
    static Path dir;
    static Path db;
    static String baseUrl;
    static ForkedApp.Result first;
    static ForkedApp.Result second;
    static ForkedApp.Result replay;
    static int requestsFirst;
    static int requestsSecond;

    @BeforeAll
    static void recordThenReplay() throws Exception {
        db = dir.resolve("lc4j-cache.db");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            baseUrl = server.baseUrl();
            first = run("read-write");
            requestsFirst = server.requests().size();
            second = run("read-write");
            requestsSecond = server.requests().size() - requestsFirst;
        }
        replay = run("replay");
    }

    static ForkedApp.Result run(String mode) throws Exception {
        ForkedApp.Result result = ForkedApp.main(LangChain4jScenarioApp.class).property("traceflow.db", db.toString())
                .property("traceflow.cache", mode).args(OpenAiCaptureIT.with(baseUrl, SCENARIOS)).run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @Test
    void secondRunMakesNoRequestsAndReplayWorksOffline() {
        assertThat(requestsFirst).isGreaterThanOrEqualTo(7);
        assertThat(requestsSecond).as(second.toString()).isZero();
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(replay.stdout()).as(replay.toString()).isEqualTo(first.stdout());
        assertThat(first.stdout()).contains("Echo: Hello LangChain4j", "Echo: Stream LangChain4j | Echo: Stream LangChain4j");
    }

    @Test
    void hitsReturnTheProviderModulesOwnMetadataTypesWithTheirValues() {
        // Blocking and streamed: an app casting response.metadata() must not tell a hit from the live answer.
        assertThat(first.stdout()).contains("OpenAiChatResponseMetadata id=chatcmpl-", "created=1700000000",
                "usage=OpenAiTokenUsage(", "cached=0");
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(replay.stdout()).isEqualTo(first.stdout());
    }

    @Test
    void cachedToolLoopsAreStillOneTraceWithRealToolSteps() throws Exception {
        List<Map<String, Object>> traces = Db.rows(db, "SELECT id FROM traces WHERE memory_id = 'alice' ORDER BY started_at");
        assertThat(traces).hasSize(3);
        for (Map<String, Object> trace : traces.subList(1, 3)) {
            List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps WHERE trace_id = '" + trace.get("id")
                    + "' ORDER BY seq");
            assertThat(steps).extracting(s -> s.get("operation") + ":" + s.get("cache_hit")).containsExactly(
                    "ai_service:0", "chat:1", "tool:0", "tool:0", "chat:1");
        }
    }

    @Test
    void streamingAndTokenStreamHitsReplayPartialsThenComplete() throws Exception {
        List<Map<String, Object>> hits = Db.rows(db, "SELECT * FROM steps WHERE cache_hit = 1 AND input_text LIKE"
                + " '%Stream LangChain4j%'");
        assertThat(hits).hasSize(2).allSatisfy(h -> assertThat(h.get("output_text")).isEqualTo("Echo: Stream LangChain4j"));
        assertThat(replay.stdout()).contains("Echo: Stream LangChain4j | Echo: Stream LangChain4j");
    }

    @Test
    void noAdviceErrors() throws Exception {
        assertThat(Db.count(db, "SELECT sum(advice_errors) FROM agent_runs")).isZero();
    }

    @Test
    void embeddingHitsReturnTheRecordedVectors() throws Exception {
        assertThat(Db.count(db, "SELECT count(*) FROM steps WHERE operation = 'embeddings' AND cache_hit = 1")).isEqualTo(2);
    }
}
