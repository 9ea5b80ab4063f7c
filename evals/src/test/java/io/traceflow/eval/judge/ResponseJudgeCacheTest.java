package io.traceflow.eval.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.cache.ResponseCache;
import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StoreWriter;

/** The judge's answers in the response cache, over a real file and a real writer thread. */
class ResponseJudgeCacheTest {
    @TempDir
    Path dir;
    StoreWriter writer;

    ResponseCache cache(String mode) {
        Config config = ConfigLoader.load(Map.of("traceflow.db", dir.resolve("c.db").toString(), "traceflow.cache",
                mode, "traceflow.flush.interval.ms", "20"), Map.of());
        EventQueue queue = new EventQueue(10_000);
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
    void theJudgeKeepsItsAnswersInTheCache() throws Exception {
        ResponseJudgeCache judge = new ResponseJudgeCache(cache("read-write"));
        String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"rate it\"}]}";
        assertThat(judge.lookup("http://judge/v1", request)).isNull();
        judge.store("http://judge/v1", request, "{\"score\":0.8}", 42);
        assertThat(judge.lookup("http://judge/v1", request)).isEqualTo("{\"score\":0.8}");
        assertThat(judge.lookup("http://other/v1", request)).as("another judge endpoint").isNull();
        writer.shutdown(10_000);
        assertThat(new ResponseJudgeCache(cache("off")).lookup("http://judge/v1", request)).isNull();
        writer.shutdown(10_000);
        ResponseJudgeCache readOnly = new ResponseJudgeCache(cache("read-only"));
        assertThat(readOnly.lookup("http://judge/v1", request)).isEqualTo("{\"score\":0.8}");
    }
}
