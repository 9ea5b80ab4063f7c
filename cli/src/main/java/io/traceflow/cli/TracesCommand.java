package io.traceflow.cli;

import java.io.File;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.traceflow.schema.Statuses;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Durations;
import io.traceflow.viewer.Conversation;
import io.traceflow.viewer.TraceDetailQuery;
import io.traceflow.viewer.TraceDetailQuery.StepView;
import io.traceflow.viewer.TraceListQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code traces list} and {@code traces show ID}: the viewer's list and trace, in the terminal. Read-only. */
@Command(name = "traces", mixinStandardHelpOptions = true, description = "List traces, or show one as a tree.",
        subcommands = {TracesCommand.ListTraces.class, TracesCommand.ShowTrace.class})
final class TracesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest traces, one per line.")
    static final class ListTraces implements Callable<Integer> {
        @Option(names = "--db", defaultValue = "traceflow.db", description = "The TraceFlow database file (default: ${DEFAULT-VALUE}).")
        File db;

        @Option(names = "--limit", defaultValue = "20", description = "How many traces (default: ${DEFAULT-VALUE}, at most 500).")
        int limit;

        @Option(names = "--since", description = "Only traces started within this duration, e.g. 1h, 7d.")
        String since;

        @Option(names = "--prices", description = "JSON price file overriding the built-in prices (default: traceflow.prices).")
        String prices;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || limit > TraceListQuery.MAX_LIMIT) {
                throw new IllegalArgumentException("--limit must be 1.." + TraceListQuery.MAX_LIMIT);
            }
            Long from = since == null ? null : System.currentTimeMillis() - Durations.parse(since).toMillis();
            TraceListQuery query = new TraceListQuery(CliSettings.prices(prices));
            List<TraceListQuery.TraceSummary> traces;
            try (Connection c = TraceStore.openReadOnly(db.toPath())) {
                traces = query.newest(c, from, limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            String format = "%-19s  %-26s  %-7s  %9s  %5s  %8s  %10s  %s%n";
            out.printf(format, "STARTED", "ID", "STATUS", "DURATION", "STEPS", "TOKENS", "COST", "NAME");
            for (TraceListQuery.TraceSummary t : traces) {
                out.printf(format, Format.time(t.startedAt()), t.id(), t.status(),
                        t.durationMs() == null ? "-" : Format.ms(t.durationMs()), t.steps(),
                        Format.count(t.totalTokens()), Format.cost(t.costUsd()),
                        (t.name() == null ? "(unnamed)" : t.name()) + (t.errors() > 0 ? "  [" + t.errors() + " error"
                                + (t.errors() > 1 ? "s" : "") + "]" : ""));
            }
            if (traces.isEmpty()) {
                out.println("(no traces" + (since == null ? "" : " in the last " + since) + ")");
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One trace as a tree of steps with durations, tokens and cost.")
    static final class ShowTrace implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The trace id (from traces list or the viewer).")
        String id;

        @Option(names = "--db", defaultValue = "traceflow.db", description = "The TraceFlow database file (default: ${DEFAULT-VALUE}).")
        File db;

        @Option(names = "--prices", description = "JSON price file overriding the built-in prices (default: traceflow.prices).")
        String prices;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            TraceDetailQuery.TraceView trace;
            try (Connection c = TraceStore.openReadOnly(db.toPath())) {
                trace = new TraceDetailQuery(CliSettings.prices(prices)).trace(c, id);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println((trace.name() == null ? "(unnamed)" : trace.name()) + "  " + trace.status() + "  "
                    + (trace.durationMs() == null ? Statuses.RUNNING : Format.ms(trace.durationMs())) + "  "
                    + Format.count(trace.totalTokens()) + " tokens  " + Format.cost(trace.costUsd()) + "  "
                    + Format.time(trace.startedAt()) + "  " + trace.id());
            if (trace.error() != null) {
                out.println("error: " + Format.oneLine(trace.error(), 200));
            }
            Map<String, List<StepView>> children = new HashMap<>();
            List<StepView> roots = new ArrayList<>();
            Map<String, StepView> byId = new HashMap<>();
            trace.steps().forEach(s -> byId.put(s.id(), s));
            for (StepView s : trace.steps()) {
                if (s.parentStepId() != null && byId.containsKey(s.parentStepId())) {
                    children.computeIfAbsent(s.parentStepId(), k -> new ArrayList<>()).add(s);
                } else {
                    roots.add(s);
                }
            }
            for (int i = 0; i < roots.size(); i++) {
                print(out, roots.get(i), "", i == roots.size() - 1, children);
            }
            return 0;
        }

        private static void print(PrintWriter out, StepView s, String indent, boolean last,
                Map<String, List<StepView>> children) {
            StringBuilder line = new StringBuilder(indent).append(last ? "└─ " : "├─ ")
                    .append('[').append(s.operation()).append("] ").append(s.name() == null ? "" : s.name())
                    .append("  ").append(Format.ms(s.latencyMs()));
            if (s.ttftMs() != null) {
                line.append(" (first token ").append(Format.ms(s.ttftMs())).append(')');
            }
            if (s.promptTokens() != null || s.completionTokens() != null) {
                line.append("  ").append(Format.count(s.promptTokens())).append(" in / ")
                        .append(Format.count(s.completionTokens())).append(" out  ").append(Format.cost(s.costUsd()));
            }
            if (s.cacheHit()) {
                line.append("  cache hit");
            }
            if (!Statuses.OK.equals(s.status())) {
                line.append("  ").append(s.status().toUpperCase(Locale.ROOT));
            }
            out.println(line);
            String childIndent = indent + (last ? "   " : "│  ");
            List<StepView> kids = children.getOrDefault(s.id(), List.of());
            String detailIndent = childIndent + (kids.isEmpty() ? "   " : "│  ");
            if (s.error() != null) {
                out.println(detailIndent + "error: " + Format.oneLine(s.error(), 160));
            } else {
                List<Conversation.Message> output = s.conversation().output();
                if (!output.isEmpty()) {
                    Conversation.Message m = output.get(0);
                    String text = m.text() != null ? m.text() : m.toolCalls().isEmpty() ? ""
                            : "calls " + m.toolCalls().get(0).name() + " " + m.toolCalls().get(0).arguments();
                    out.println(detailIndent + "→ " + Format.oneLine(text, 120));
                }
            }
            for (int i = 0; i < kids.size(); i++) {
                print(out, kids.get(i), childIndent, i == kids.size() - 1, children);
            }
        }
    }
}
