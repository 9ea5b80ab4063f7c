package io.traceflow.cli;

import java.io.File;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.traceflow.core.store.TraceStore;
import io.traceflow.eval.EvalReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code traceflow eval report}: pass rates per evaluator, model and trace name, and the worst failing steps. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Pass rates per evaluator, per model and per"
        + " trace name, and the worst failing steps. Read-only, safe while an app writes.")
final class EvalReportCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, description = "The TraceFlow database file.")
    File db;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only steps that started since: 7d, 12h, a date"
            + " (2026-01-31, UTC) or an instant.")
    String since;

    @Option(names = "--worst", defaultValue = "10", description = "How many failing steps to list (default: 10).")
    int worst;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Long sinceMillis = Since.parse(since);
        PrintWriter out = spec.commandLine().getOut();
        try (Connection c = TraceStore.openReadOnly(db.toPath())) {
            List<EvalReport.Rate> byEvaluator = EvalReport.byEvaluator(c, sinceMillis);
            out.println("Evaluations in " + db.getAbsolutePath() + (sinceMillis == null ? ""
                    : " (steps since " + Instant.ofEpochMilli(sinceMillis) + ")"));
            if (byEvaluator.isEmpty()) {
                out.println("no evaluation results" + (sinceMillis == null ? "" : " for steps in this period")
                        + "; run eval --evaluator SPEC, or set traceflow.evals");
                return 0;
            }
            out.println();
            out.println("By evaluator");
            rates(out, null, byEvaluator);
            out.println();
            out.println("By model");
            rates(out, "model", EvalReport.byModel(c, sinceMillis));
            out.println();
            out.println("By trace name");
            rates(out, "trace", EvalReport.byTraceName(c, sinceMillis));
            out.println();
            List<EvalReport.FailingStep> failing = EvalReport.worstFailing(c, sinceMillis, Math.max(0, worst));
            out.println("Worst failing steps" + (failing.isEmpty() ? ": none" : ""));
            for (EvalReport.FailingStep f : failing) {
                out.printf(Locale.ROOT, "%s  %s  %s  failed %d (%s), min score %s%n    %s%n", f.stepId(),
                        f.traceName() == null ? "(unnamed trace)" : f.traceName(),
                        f.model() == null ? "-" : f.model(), f.failed(), f.evaluators(), score(f.minScore()),
                        f.detail() == null ? "" : oneLine(f.detail()));
            }
        }
        return 0;
    }

    private static void rates(PrintWriter out, String groupHeader, List<EvalReport.Rate> rates) {
        int g = groupHeader == null ? 0 : Math.max(groupHeader.length(), rates.stream()
                .mapToInt(r -> r.group().length()).max().orElse(0));
        int e = Math.max("evaluator".length(), rates.stream().mapToInt(r -> r.evaluator().length()).max().orElse(0));
        String groupFormat = g == 0 ? "" : "%-" + g + "s  ";
        String header = (g == 0 ? "" : String.format(Locale.ROOT, groupFormat, groupHeader))
                + String.format(Locale.ROOT, "%-" + e + "s  %7s  %6s  %6s  %6s  %9s  %9s", "evaluator", "results",
                "passed", "failed", "errors", "pass rate", "avg score");
        out.println(header);
        for (EvalReport.Rate r : rates) {
            out.println((g == 0 ? "" : String.format(Locale.ROOT, groupFormat, r.group()))
                    + String.format(Locale.ROOT, "%-" + e + "s  %7d  %6d  %6d  %6d  %9s  %9s", r.evaluator(),
                    r.results(), r.passed(), r.failed(), r.errors(),
                    r.passRate() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", r.passRate() * 100),
                    score(r.avgScore())));
        }
    }

    private static String score(Double s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.3f", s);
    }

    private static String oneLine(String text) {
        String t = text.replaceAll("\\s+", " ").trim();
        return t.length() > 160 ? t.substring(0, 160) + "…" : t;
    }
}
