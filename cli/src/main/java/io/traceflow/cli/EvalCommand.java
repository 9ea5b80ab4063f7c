package io.traceflow.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.config.EvalSpec;
import io.traceflow.core.config.Settings;
import io.traceflow.core.config.StepFilter;
import io.traceflow.core.store.TraceStore;
import io.traceflow.eval.Backfill;
import io.traceflow.eval.ConfiguredEvaluator;
import io.traceflow.eval.EvalCalls;
import io.traceflow.eval.EvalEnvironment;
import io.traceflow.eval.EvaluatorRegistry;
import io.traceflow.eval.judge.JudgeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code traceflow eval}: runs evaluators over stored steps (and traces), e.g. ones added after the fact. Safe while
 * an app writes the file. Judge settings come from {@code -Dtraceflow.judge.*} or {@code TRACEFLOW_JUDGE_*}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = EvalReportCommand.class,
        description = {"Run evaluators over stored steps and traces (backfill). A step already evaluated by the same"
                + " evaluator and version is skipped unless --force. See docs/evaluations.md.",
                "Judge settings: -Dtraceflow.judge.url=... -Dtraceflow.judge.model=... (before -jar), or"
                        + " TRACEFLOW_JUDGE_URL, TRACEFLOW_JUDGE_MODEL, TRACEFLOW_JUDGE_API_KEY (else OPENAI_API_KEY)."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--db", description = "The TraceFlow database file.")
    File db;

    @Option(names = "--evaluator", paramLabel = "SPEC", description = "Evaluator spec, e.g. json_valid or"
            + " max_latency_ms:2000 or llm_judge:relevance; repeat it, or separate specs with commas.")
    List<String> evaluators = new ArrayList<>();

    @Option(names = "--trace", paramLabel = "ID", description = "Only this trace.")
    String trace;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only steps that started since: 7d, 12h, a date"
            + " (2026-01-31, UTC) or an instant.")
    String since;

    @Option(names = "--where", paramLabel = "KEY=GLOB", description = "Only matching steps; KEY is model,"
            + " operation, provider, status, trace (name) or kind; * and ? are wildcards, | separates alternatives."
            + " Repeatable.")
    List<String> where = new ArrayList<>();

    @Option(names = "--force", description = "Evaluate again what was evaluated already, replacing the results.")
    boolean force;

    @Option(names = "--threads", defaultValue = "4", description = "Steps evaluated in parallel (default: 4).")
    int threads;

    @Option(names = "--evaluators-path", paramLabel = "JARS", description = "Jars (or folders of jars) with your"
            + " own evaluators, comma-separated; default: traceflow.evals.path.")
    String evaluatorsPath;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Longest one evaluator may take on one step;"
            + " default: traceflow.evals.timeout.ms (30000).")
    Integer timeoutMs;

    @Option(names = "--prices", description = "JSON price file overriding the built-in prices of max_cost and"
            + " max_trace_cost (default: traceflow.prices).")
    String prices;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (db == null) {
            throw new IllegalArgumentException("eval needs --db FILE (and --evaluator SPEC, or the report command)");
        }
        if (evaluators.isEmpty()) {
            throw new IllegalArgumentException("eval needs at least one --evaluator SPEC, e.g. --evaluator json_valid");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be from 1 to 64");
        }
        Config config = ConfigLoader.fromEnvironment();
        if (evaluatorsPath != null) {
            config = config.with(Settings.EVALS_PATH, Settings.EVALS_PATH.parse(evaluatorsPath));
        }
        if (timeoutMs != null) {
            if (timeoutMs < 1) {
                throw new IllegalArgumentException("--timeout-ms must be at least 1");
            }
            config = config.with(Settings.EVALS_TIMEOUT_MS, timeoutMs);
        }
        if (prices != null) {
            config = config.with(Settings.PRICES, prices);
        }
        List<EvalSpec> specs = new ArrayList<>();
        for (String text : evaluators) {
            specs.addAll(EvalSpec.parseList(text));
        }
        StepFilter filter = StepFilter.parse(where);
        Long sinceMillis = Since.parse(since);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        EvalEnvironment env = EvalEnvironment.from(config);
        List<String> problems = new ArrayList<>();
        EvaluatorRegistry registry = EvaluatorRegistry.load(env, problems::add);
        for (String problem : problems) {
            err.println("traceflow: warning: " + problem);
        }
        List<ConfiguredEvaluator> configured = new ArrayList<>();
        for (EvalSpec s : specs) {
            configured.add(registry.configure(s)); // a bad spec fails the command, with its message
        }
        for (ConfiguredEvaluator e : configured) {
            if (e.spec().name().equals("llm_judge")) {
                JudgeSettings judge = env.judge();
                err.println("traceflow: judging with " + judge.model() + " at " + judge.url());
                break;
            }
        }
        Backfill.Summary summary;
        try (Connection c = TraceStore.openExisting(db.toPath());
             EvalCalls calls = new EvalCalls(env.timeoutMs(), "traceflow-eval-call")) {
            summary = new Backfill(configured, calls, err)
                    .run(c, new Backfill.Options(trace, sinceMillis, filter, force, threads));
        }
        out.println("evaluated " + summary.steps() + " steps and " + summary.traces() + " traces in "
                + Path.of(db.getPath()).toAbsolutePath() + " with " + configured.size() + " evaluator(s): " + summary);
        return 0;
    }
}
