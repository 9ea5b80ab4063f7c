package io.traceflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.pricing.PriceTable;

/** The one price table the agent gives the in-app viewer and online evaluation: traceflow.prices, read once. */
class ConfiguredPricesTest {
    @Test
    void readsTraceflowPricesOnceForTheViewerAndTheEvaluators(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), "{\"my-llama\": {\"input\": 1, \"output\": 2}}");
        Config config = ConfigLoader.load(Map.of("traceflow.prices", file.toString()), Map.of());
        AgentInstaller.ConfiguredPrices prices = new AgentInstaller.ConfiguredPrices(config);
        PriceTable table = prices.get();
        assertThat(table.find("my-llama")).isPresent();
        assertThat(table.find("gpt-4o")).isPresent();
        assertThat(prices.get()).isSameAs(table);
    }

    @Test
    void aFileThatCannotBeReadLeavesTheBuiltInPrices(@TempDir Path dir) {
        Config config = ConfigLoader.load(Map.of("traceflow.prices", dir.resolve("missing.json").toString()),
                Map.of());
        assertThat(new AgentInstaller.ConfiguredPrices(config).get().source()).isEqualTo("built-in");
        assertThat(new AgentInstaller.ConfiguredPrices(Config.defaults()).get().source()).isEqualTo("built-in");
    }
}
