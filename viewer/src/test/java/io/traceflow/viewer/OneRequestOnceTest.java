package io.traceflow.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.store.TraceStore;

/**
 * A framework's model call that made its LLM request through an SDK is two steps, the SDK call its child: the trace's
 * tokens, cost and model calls count the request once, on the child.
 */
class OneRequestOnceTest {
    @TempDir
    Path dir;

    @Test
    void theWrappingStepsUsageIsLeftOutOfTheTotals() throws Exception {
        Path db = dir.resolve("t.db");
        try (Connection c = TraceStore.openForWriting(db)) {
            ViewerTestData.trace(c, "t1", "LangChain4j over the SDK", "auto", 1000, 2000L, "ok");
            ViewerTestData.step(c, "s1", "t1", null, 0, "chat", "gpt-4o-mini", "langchain4j", 1000, 900, 100L, 20L,
                    "ok", false, "question", "answer");
            ViewerTestData.step(c, "s2", "t1", "s1", 1, "chat", "gpt-4o-mini", "openai", 1010, 800, 100L, 20L, "ok",
                    false, "question", "answer");
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE steps SET attributes_json = '{\"model_calls_inside\":1}' WHERE id = 's1'")) {
                p.executeUpdate();
            }
        }
        PriceTable prices = PriceTable.builtIn();
        double once = (100 * 0.15 + 20 * 0.6) / 1e6;
        try (Connection c = TraceStore.openReadOnly(db)) {
            TraceListQuery.TraceSummary listed = new TraceListQuery(prices).newest(c, null, 10).get(0);
            assertThat(listed.totalTokens()).isEqualTo(120L);
            assertThat(listed.llmCalls()).isEqualTo(1);
            assertThat(listed.costUsd()).isCloseTo(once, within(1e-12));
            TraceDetailQuery.TraceView detail = new TraceDetailQuery(prices).trace(c, "t1");
            assertThat(detail.totalTokens()).isEqualTo(120L);
            assertThat(detail.costUsd()).isCloseTo(once, within(1e-12));
            assertThat(detail.steps()).hasSize(2);
        }
    }
}
