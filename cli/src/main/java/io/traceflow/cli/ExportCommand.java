package io.traceflow.cli;

import java.io.BufferedWriter;
import java.io.File;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.traceflow.schema.Statuses;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Durations;
import io.traceflow.viewer.TraceDetailQuery;
import io.traceflow.viewer.TraceDetailQuery.StepView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes traces oldest first, one per line, each with all its steps (request and response JSON included) and their
 * evals: JSON Lines, or CSV with the trace's figures in columns and its steps as one JSON column.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export traces with their steps and evals, one trace per line (jsonl or csv).")
final class ExportCommand implements Callable<Integer> {
    enum ExportFormat { jsonl, csv }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final List<String> CSV_COLUMNS = List.of("id", "name", "kind", "status", "started_at", "ended_at",
            "duration_ms", "steps", "total_tokens", "cost_usd", "errors", "error", "steps_json");

    @Option(names = "--db", defaultValue = "traceflow.db", description = "The TraceFlow database file (default: ${DEFAULT-VALUE}).")
    File db;

    @Option(names = "--format", required = true, description = "jsonl or csv.")
    ExportFormat format;

    @Option(names = "--since", description = "Only traces started within this duration, e.g. 24h, 30d.")
    String since;

    @Option(names = "--out", description = "File to write (default: standard output).")
    File out;

    @Option(names = "--prices", description = "JSON price file overriding the built-in prices (default: traceflow.prices).")
    String prices;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long from = since == null ? Long.MIN_VALUE : System.currentTimeMillis() - Durations.parse(since).toMillis();
        ObjectMapper json = MAPPER;
        TraceDetailQuery detail = new TraceDetailQuery(CliSettings.prices(prices));
        int count = 0;
        try (Connection c = TraceStore.openReadOnly(db.toPath()); Writer w = writer()) {
            if (format == ExportFormat.csv) {
                w.write(String.join(",", CSV_COLUMNS) + "\r\n");
            }
            List<String> ids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id FROM traces WHERE started_at >= ? ORDER BY started_at, id")) {
                p.setLong(1, from);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            for (String id : ids) {
                TraceDetailQuery.TraceView t = detail.trace(c, id, true);
                if (format == ExportFormat.jsonl) {
                    w.write(json.writeValueAsString(exported(t)));
                    w.write('\n');
                } else {
                    List<Object> cells = new ArrayList<>(List.of(t.id(), nz(t.name()), nz(t.kind()), t.status(),
                            t.startedAt(), nz(t.endedAt()), nz(t.durationMs()), t.steps().size(), nz(t.totalTokens()),
                            nz(t.costUsd()), t.steps().stream().filter(s -> Statuses.ERROR.equals(s.status())).count(),
                            nz(t.error()), json.writeValueAsString(exported(t).get("steps"))));
                    StringBuilder line = new StringBuilder();
                    for (Object cell : cells) {
                        line.append(line.length() > 0 ? "," : "").append(csv(String.valueOf(cell)));
                    }
                    w.write(line.append("\r\n").toString());
                }
                count++;
            }
        }
        if (out != null) {
            spec.commandLine().getOut().println("exported " + count + " traces to " + out.getAbsolutePath());
        }
        return 0;
    }

    private Writer writer() throws java.io.IOException {
        if (out == null) {
            return new NonClosing(spec.commandLine().getOut());
        }
        File parent = out.getAbsoluteFile().getParentFile();
        if (parent != null) {
            Files.createDirectories(parent.toPath());
        }
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out.toPath()), StandardCharsets.UTF_8));
    }

    /** A trace as exported: its columns, and its steps with the stored JSON as JSON (not as strings). */
    private static Map<String, Object> exported(TraceDetailQuery.TraceView t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("kind", t.kind());
        m.put("status", t.status());
        m.put("error", t.error());
        m.put("started_at", t.startedAt());
        m.put("ended_at", t.endedAt());
        m.put("duration_ms", t.durationMs());
        m.put("memory_id", t.memoryId());
        m.put("run_id", t.runId());
        m.put("total_tokens", t.totalTokens());
        m.put("cost_usd", t.costUsd());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepView s : t.steps()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("id", s.id());
            st.put("parent_step_id", s.parentStepId());
            st.put("seq", s.seq());
            st.put("name", s.name());
            st.put("provider", s.provider());
            st.put("operation", s.operation());
            st.put("model", s.model());
            st.put("response_model", s.responseModel());
            st.put("status", s.status());
            st.put("error", s.error());
            st.put("error_type", s.errorType());
            st.put("http_status", s.httpStatus());
            st.put("started_at", s.startedAt());
            st.put("ended_at", s.endedAt());
            st.put("latency_ms", s.latencyMs());
            st.put("ttft_ms", s.ttftMs());
            st.put("prompt_tokens", s.promptTokens());
            st.put("completion_tokens", s.completionTokens());
            st.put("total_tokens", s.totalTokens());
            st.put("cached_tokens", s.cachedTokens());
            st.put("reasoning_tokens", s.reasoningTokens());
            st.put("cost_usd", s.costUsd());
            st.put("finish_reason", s.finishReason());
            st.put("cache_hit", s.cacheHit());
            st.put("saved_ms", s.savedMs());
            st.put("truncated", s.truncated());
            // The neutral form: the same shape whichever library made the call (docs/schema.md).
            st.put("parameters", s.parameters());
            if (s.neutral() != null) {
                s.neutral().fields().forEachRemaining(e -> st.put(e.getKey(), e.getValue()));
            }
            st.put("request_json", asJson(s.requestJson()));
            st.put("response_json", asJson(s.responseJson()));
            st.put("attributes", s.attributes());
            List<Map<String, Object>> evals = new ArrayList<>();
            for (TraceDetailQuery.EvalView e : s.evals()) {
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("id", e.id());
                ev.put("name", e.name());
                ev.put("score", e.score());
                ev.put("passed", e.passed());
                ev.put("detail", e.detail());
                ev.put("evaluator_version", e.evaluatorVersion());
                ev.put("created_at", e.createdAt());
                evals.add(ev);
            }
            st.put("evals", evals);
            steps.add(st);
        }
        m.put("steps", steps);
        return m;
    }

    /** Stored JSON as JSON; text that does not parse (cut by traceflow.capture.max.chars) stays a string. */
    private static Object asJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            return text;
        }
    }

    private static Object nz(Object value) {
        return value == null ? "" : value;
    }

    /** RFC 4180: quote a cell holding a comma, quote or line break; double the quotes. */
    static String csv(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(PrintWriter out) {
            super(out);
        }

        @Override
        public void close() {
            flushQuietly();
        }

        private void flushQuietly() {
            try {
                flush();
            } catch (java.io.IOException ignored) {
                // PrintWriter does not throw
            }
        }
    }
}
