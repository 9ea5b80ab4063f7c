package io.traceflow.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.cache.ResponseCache;
import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.config.EvalSpec;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.runtime.CommitWorker;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StoreWriter;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.StepView;

/**
 * {@code traceflow.prices} reaches the cost evaluators: offline (the environment of the {@code eval} command) and
 * online (the factory the agent hands to the runtime), as it reaches the viewer.
 */
class CostPricesTest {
    /** my-llama is not in the built-in table; gpt-4o-mini is, at 0.15/0.60. */
    static final String PRICES = "{\"my-llama\": {\"input\": 1000, \"output\": 2000},"
            + " \"gpt-4o-mini\": {\"input\": 100, \"cached_input\": 10, \"output\": 100}}";

    @TempDir
    Path dir;

    Path priceFile() throws Exception {
        return Files.writeString(dir.resolve("prices.json"), PRICES);
    }

    static EvalResult eval(EvalEnvironment env, String spec, StepView step) throws Exception {
        return EvaluatorRegistry.of(env, List.of()).configure(EvalSpec.parse(spec)).evaluator().evaluate(step);
    }

    static EvalResult evalTrace(EvalEnvironment env, String spec, StepView step) throws Exception {
        return EvaluatorRegistry.of(env, List.of()).configure(EvalSpec.parse(spec)).evaluator()
                .evaluateTrace(StepViews.autoTrace(step));
    }

    @Test
    void theEvalCommandsEnvironmentPricesWithTheFile() throws Exception {
        Config config = ConfigLoader.load(Map.of("traceflow.prices", priceFile().toString()), Map.of());
        assertThat(config.problems()).isEmpty();
        EvalEnvironment env = EvalEnvironment.from(config);
        // 100 prompt tokens * 1000/1M + 20 completion * 2000/1M = 0.14 USD
        StepView llama = Steps.base().model("my-llama").responseModel("my-llama").build();
        assertThat(eval(env, "max_cost:0.14", llama).detail()).isEqualTo("cost USD 0.14 <= 0.14");
        assertThat(eval(env, "max_cost:0.13", llama).passed()).isFalse();
        assertThat(evalTrace(env, "max_trace_cost:0.13", llama).detail()).startsWith("trace cost USD 0.14 > 0.13");
        // a built-in model the file overrides: 120 tokens * 100/1M = 0.012 USD
        assertThat(eval(env, "max_cost:1", Steps.chat("x")).detail()).isEqualTo("cost USD 0.012 <= 1");

        EvalEnvironment builtIn = EvalEnvironment.from(Config.defaults());
        assertThat(eval(builtIn, "max_cost:1", llama).detail()).startsWith("error: no price known for model my-llama");
        assertThat(eval(builtIn, "max_cost:1", Steps.chat("x")).detail()).isEqualTo("cost USD 0.000027 <= 1");
    }

    @Test
    void aPriceFileThatCannotBeReadFailsTheCostEvaluatorsWithItsReason() {
        Config config = ConfigLoader.load(Map.of("traceflow.prices", dir.resolve("missing.json").toString()),
                Map.of());
        EvaluatorRegistry registry = EvaluatorRegistry.of(EvalEnvironment.from(config), List.of());
        assertThatThrownBy(() -> registry.configure(EvalSpec.parse("max_cost:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the price file");
        assertThat(registry.configure(EvalSpec.parse("max_tokens:10"))).as("other evaluators are unaffected")
                .isNotNull();
    }

    @Test
    void theRuntimesOnlineEvaluationPricesWithTheTableItIsGiven() throws Exception {
        Path db = dir.resolve("online.db");
        Config config = ConfigLoader.load(Map.of("traceflow.evals", "max_cost:0.01", "traceflow.db", db.toString()),
                Map.of());
        assertThat(config.problems()).isEmpty();
        Path file = priceFile();
        EventQueue queue = new EventQueue(1000);
        StoreWriter writer = new StoreWriter(db, queue, 64, 20, new AgentRun(Map.of(), "test", () -> 0L));
        CommitWorker worker = OnlineEvaluation.factory(() -> PriceTable.withOverrides(file.toString()))
                .create(config, new ResponseCache(config, () -> false, queue::offer), queue::offer);
        assertThat(worker).isNotNull();
        writer.onCommit(worker);
        worker.start();
        writer.start();
        StepRow llama = TestDb.ownStep(System.currentTimeMillis());
        llama.model = "my-llama"; // 3 prompt tokens * 1000/1M + 2 completion * 2000/1M = 0.007 USD
        StepRow mini = TestDb.ownStep(System.currentTimeMillis());
        mini.model = "gpt-4o-mini"; // 5 tokens * 100/1M = 0.0005 USD (built-in: 0.0000017)
        mini.promptTokens = 100L;
        queue.offer(llama);
        queue.offer(mini);
        assertThat(worker.finishPending(30_000)).isTrue();
        assertThat(writer.shutdown(30_000)).isTrue();
        worker.close();
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(TestDb.strings(c, "SELECT s.model || ': ' || e.detail FROM evals e JOIN steps s"
                    + " ON s.id = e.step_id ORDER BY s.model")).containsExactly(
                    "gpt-4o-mini: cost USD 0.0102 > 0.01", "my-llama: cost USD 0.007 <= 0.01");
        }
    }

    @Test
    void withoutEvaluatorsTheFactoryGivesNoWorker() {
        assertThat(OnlineEvaluation.factory(PriceTable::builtIn).create(Config.defaults(),
                new ResponseCache(Config.defaults(), () -> false, e -> false), e -> false)).isNull();
    }
}
