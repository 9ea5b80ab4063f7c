package io.traceflow.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
    private final PriceTable prices = PriceTable.builtIn();

    @Test
    void knowsTheCommonOpenAiModelsWithCachedInputPrices() {
        assertThat(prices.find("gpt-4o-mini")).hasValueSatisfying(p -> {
            assertThat(p.input()).isEqualTo(0.15);
            assertThat(p.cachedInput()).isEqualTo(0.075);
            assertThat(p.output()).isEqualTo(0.60);
        });
        for (String model : new String[] {"gpt-4o", "gpt-4.1", "gpt-4.1-mini", "o3-mini", "o4-mini", "gpt-5",
                "text-embedding-3-small"}) {
            assertThat(prices.find(model)).as(model).isPresent();
        }
    }

    @Test
    void aDatedSnapshotIsPricedAsItsModelUnlessItHasItsOwnRow() {
        assertThat(prices.find("gpt-4o-mini-2024-07-18")).isEqualTo(prices.find("gpt-4o-mini"));
        assertThat(prices.find("gpt-3.5-turbo-0125")).isEqualTo(prices.find("gpt-3.5-turbo"));
        assertThat(prices.find("gpt-4o-2024-05-13").orElseThrow().input()).isEqualTo(5.0);
    }

    @Test
    void unknownModelsHaveNoPriceAndNoPrefixGuessing() {
        assertThat(prices.find("gpt-4o-mini-realtime-preview")).isEmpty();
        assertThat(prices.find("llama-3-70b")).isEmpty();
        assertThat(prices.find("gpt-4o-nano")).isEmpty();
        assertThat(prices.find(null)).isEmpty();
        assertThat(prices.cost("my-local-model", null, 1000L, 0L, 1000L, false)).isNull();
    }

    @Test
    void costCountsCachedInputAtItsOwnPriceAndCacheHitsAsFree() {
        // 1,000,000 prompt tokens of which 400,000 cached, 100,000 completion tokens on gpt-4o-mini
        double expected = (600_000 * 0.15 + 400_000 * 0.075 + 100_000 * 0.60) / 1_000_000;
        assertThat(prices.cost("gpt-4o-mini", null, 1_000_000L, 400_000L, 100_000L, false))
                .isCloseTo(expected, within(1e-12));
        assertThat(prices.cost("gpt-4", null, 1_000_000L, 1_000_000L, 0L, false)).as("no cached price: full input")
                .isCloseTo(30.0, within(1e-9));
        assertThat(prices.cost("gpt-4o-mini", null, 500L, null, 20L, true)).isZero();
        assertThat(prices.cost("gpt-4o-mini", null, null, null, null, false)).as("no usage reported").isNull();
        assertThat(prices.cost("text-embedding-3-small", null, 1_000_000L, null, null, false))
                .isCloseTo(0.02, within(1e-12));
        assertThat(prices.cost("custom-alias", "gpt-4o-mini-2024-07-18", 1_000_000L, 0L, 0L, false))
                .as("the response model prices an alias").isCloseTo(0.15, within(1e-12));
    }

    @Test
    void theAnsweringModelPricesACallBeforeTheRequestedOne() {
        // An alias answered by a dated snapshot with a price of its own: the snapshot is what the provider bills.
        assertThat(prices.cost("gpt-4o", "gpt-4o-2024-05-13", 1_000_000L, 0L, 0L, false))
                .isCloseTo(5.0, within(1e-12));
        assertThat(prices.cost("gpt-4o-mini", "my-deployment-7", 1_000_000L, 0L, 0L, false))
                .as("an answering model without a price: the requested one's").isCloseTo(0.15, within(1e-12));
        assertThat(prices.find("gpt-4o", null)).isEqualTo(prices.find("gpt-4o"));
    }

    @Test
    void aPriceCostsUncachedCachedAndCompletionTokens() {
        PriceTable.Price price = new PriceTable.Price(2.0, 0.5, 8.0);
        assertThat(price.cost(1_000_000L, 250_000L, 500_000L)).isCloseTo(1.5 + 0.125 + 4.0, within(1e-12));
        assertThat(price.cost(null, null, null)).isZero();
        assertThat(price.cost(100L, 1_000L, 0L)).as("cached at most the prompt").isCloseTo(50 / 1e6, within(1e-15));
        assertThat(new PriceTable.Price(2.0, null, 8.0).cost(1_000_000L, 1_000_000L, 0L)).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void aPriceFileAddsAndOverridesModels(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"),
                "{\"gpt-4o-mini\": {\"input\": 1, \"output\": 2}, \"my-llama\": {\"input\": 0.5, \"cached_input\": 0.1, \"output\": 0.5}}");
        PriceTable table = PriceTable.withOverrides(file.toString());
        assertThat(table.find("gpt-4o-mini").orElseThrow().input()).isEqualTo(1.0);
        assertThat(table.find("gpt-4o-mini").orElseThrow().cachedInput()).isNull();
        assertThat(table.find("my-llama")).isPresent();
        assertThat(table.find("gpt-4o")).as("built-ins stay").isPresent();
        assertThat(table.source()).contains("prices.json");
        assertThat(PriceTable.withOverrides("").source()).isEqualTo("built-in");
    }

    @Test
    void aBadPriceFileIsAOneLineError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PriceTable.withOverrides(dir.resolve("missing.json").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the price file");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"gpt-4o\": {\"input\": \"cheap\", \"output\": 1}}");
        assertThatThrownBy(() -> PriceTable.withOverrides(bad.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"input\" must be a number");
        Path notJson = Files.writeString(dir.resolve("x.json"), "gpt-4o = 2.5");
        assertThatThrownBy(() -> PriceTable.withOverrides(notJson.toString()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
