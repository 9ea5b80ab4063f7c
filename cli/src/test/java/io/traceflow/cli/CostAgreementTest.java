package io.traceflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.config.EvalSpec;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.write.AgentRun;
import io.traceflow.core.write.EventQueue;
import io.traceflow.core.write.StoreWriter;
import io.traceflow.eval.EvalEnvironment;
import io.traceflow.eval.EvaluatorRegistry;
import io.traceflow.eval.StepViews;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.TraceView;
import io.traceflow.viewer.TraceDetailQuery;

/**
 * The viewer's cost of a step and the cost {@code max_cost} and {@code max_trace_cost} judge are the same number, for
 * every model of the price table (by its own name, as a dated snapshot, as the answering model behind an alias or
 * behind another priced model),
 * with the built-in table and with a {@code traceflow.prices} file: {@code max_cost} at exactly the viewer's cost
 * passes, and just below it fails.
 */
class CostAgreementTest {
    private static final Pattern DATED = Pattern.compile(".*-(\\d{4}-\\d{2}-\\d{2}|\\d{4})$");

    @TempDir
    Path dir;

    @Test
    void theViewerAndTheCostEvaluatorsAgreeOnEveryBuiltInModel() throws Exception {
        assertAgreement(PriceTable.builtIn(), Config.defaults());
    }

    @Test
    void theyAgreeWithAPriceFileToo() throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), "{\"gpt-4o\": {\"input\": 3, \"output\": 11},"
                + " \"my-llama\": {\"input\": 0.2, \"cached_input\": 0.02, \"output\": 0.4}}");
        Config config = ConfigLoader.load(Map.of("traceflow.prices", file.toString()), Map.of());
        assertThat(config.problems()).isEmpty();
        PriceTable table = PriceTable.withOverrides(file.toString());
        assertThat(table.entries()).containsKey("my-llama");
        assertAgreement(table, config);
    }

    /** @param config whose traceflow.prices gives {@code table} to the evaluators */
    private void assertAgreement(PriceTable table, Config config) throws Exception {
        Map<String, String[]> cases = new LinkedHashMap<>(); // step id -> model, response model
        List<StepRow> rows = new ArrayList<>();
        long now = System.currentTimeMillis();
        List<String> models = List.copyOf(table.entries().keySet());
        for (String model : models) {
            List<String[]> variants = new ArrayList<>();
            variants.add(new String[] {model, null});
            variants.add(new String[] {"my-alias", model});
            // another priced model asked for, this one answering: which of the two prices must agree too
            variants.add(new String[] {models.get((models.indexOf(model) + 1) % models.size()), model});
            if (!DATED.matcher(model).matches()) {
                variants.add(new String[] {model, model + "-2031-12-24"});
            }
            for (String[] v : variants) {
                StepRow row = TestDb.ownStep(now++);
                row.model = v[0];
                row.responseModel = v[1];
                row.promptTokens = 123_456L;
                row.cachedTokens = 23_456L;
                row.completionTokens = 7_891L;
                row.totalTokens = row.promptTokens + row.completionTokens;
                rows.add(row);
                cases.put(row.id, v);
            }
        }
        Path db = dir.resolve("costs-" + now + ".db");
        write(db, rows);

        EvaluatorRegistry registry = EvaluatorRegistry.of(EvalEnvironment.from(config), List.of());
        TraceDetailQuery viewer = new TraceDetailQuery(table);
        try (Connection c = TraceStore.openReadOnly(db)) {
            for (StepRow row : rows) {
                String what = String.join(" answered by ", cases.get(row.id)[0], String.valueOf(cases.get(row.id)[1]));
                Double cost = viewer.step(c, row.id).costUsd();
                assertThat(cost).as("viewer cost of " + what).isNotNull().isPositive();
                TraceView trace = StepViews.loadTrace(c, row.traceId);
                String limit = Double.toString(cost);
                String below = Double.toString(Math.nextDown(cost));
                assertThat(step(registry, "max_cost:" + limit, trace).passed()).as("max_cost at the viewer's cost, "
                        + what).isTrue();
                assertThat(step(registry, "max_cost:" + below, trace).passed()).as("max_cost below the viewer's"
                        + " cost, " + what).isFalse();
                assertThat(trace(registry, "max_trace_cost:" + limit, trace).passed()).as("max_trace_cost, " + what)
                        .isTrue();
                assertThat(trace(registry, "max_trace_cost:" + below, trace).passed()).as("max_trace_cost below, "
                        + what).isFalse();
            }
        }
    }

    private static EvalResult step(EvaluatorRegistry registry, String spec, TraceView trace) throws Exception {
        Evaluator e = registry.configure(EvalSpec.parse(spec)).evaluator();
        return e.evaluate(trace.steps().get(0));
    }

    private static EvalResult trace(EvaluatorRegistry registry, String spec, TraceView trace) throws Exception {
        return registry.configure(EvalSpec.parse(spec)).evaluator().evaluateTrace(trace);
    }

    private static void write(Path db, List<StepRow> rows) throws Exception {
        EventQueue queue = new EventQueue(rows.size() + 16);
        StoreWriter writer = new StoreWriter(db, queue, 256, 10, new AgentRun(Map.of(), "test", () -> 0L));
        writer.start();
        rows.forEach(queue::offer);
        assertThat(writer.shutdown(30_000)).isTrue();
    }
}
