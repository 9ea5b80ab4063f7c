package io.traceflow.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.openai.OpenAiWire;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.store.Migrator;
import io.traceflow.core.store.Schema;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Ids;
import io.traceflow.viewer.ViewerServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The viewer's two heavy pages over a file with 100,000 traces (160,000+ steps, 30 days): the first page of the trace
 * list (50 rows with their steps, tokens, cost, errors and evals), a page deep in the list (keyset paging), a search,
 * and one trace of 501 steps (an agent loop: 250 model calls and 250 tool executions under one AI Service root), each
 * as one HTTP request to a viewer in this JVM over loopback: the server's time plus a loopback round trip.
 *
 * <p>The file is generated once into {@code ${java.io.tmpdir}/traceflow-viewer-bench.db} (about a minute) and reused
 * while its schema version is current. Its rows carry the neutral columns the viewer reads, rendered by the
 * production format code from each row's request and response (model calls), or as one text message each way
 * (roots and tools).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ViewerBenchmark {
    static final int TRACES = 100_000;
    static final String BIG_TRACE = "bench-agent-loop";
    static final int LOOP_CALLS = 250;

    private ViewerServer viewer;
    private HttpClient http;
    private String base;
    private String deepCursor;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path db = Path.of(System.getProperty("java.io.tmpdir"), "traceflow-viewer-bench.db");
        if (!isComplete(db)) {
            Files.deleteIfExists(db);
            Files.deleteIfExists(Path.of(db + "-wal"));
            Files.deleteIfExists(Path.of(db + "-shm"));
            generate(db);
        }
        try (Connection c = TraceStore.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT started_at, id FROM traces ORDER BY started_at DESC, id DESC"
                     + " LIMIT 1 OFFSET 80000")) {
            rs.next();
            deepCursor = rs.getLong(1) + "~" + rs.getString(2);
        }
        viewer = ViewerServer.start(new ViewerServer.Options(db, "127.0.0.1", 0, null, PriceTable.builtIn()));
        http = HttpClient.newHttpClient();
        base = "http://127.0.0.1:" + viewer.port();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        viewer.close();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Benchmark
    public String listFirstPage() throws Exception {
        return get("/api/traces?limit=50");
    }

    @Benchmark
    public String listPageAfter80000() throws Exception {
        return get("/api/traces?limit=50&before=" + deepCursor);
    }

    @Benchmark
    public String listSearch() throws Exception {
        return get("/api/traces?limit=50&q=refund%20policy");
    }

    @Benchmark
    public String traceWith501Steps() throws Exception {
        return get("/api/traces/" + BIG_TRACE);
    }

    private static boolean isComplete(Path db) {
        if (!Files.isRegularFile(db)) {
            return false;
        }
        try (Connection c = TraceStore.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM traces), (SELECT count(*) FROM steps"
                     + " WHERE trace_id = '" + BIG_TRACE + "')")) {
            return rs.next() && rs.getLong(1) == TRACES + 1 && rs.getLong(2) == 2 * LOOP_CALLS + 1
                    && Migrator.userVersion(c) == Schema.CURRENT_VERSION;
        } catch (Exception e) {
            return false;
        }
    }

    static void generate(Path db) throws Exception {
        Random random = new Random(42);
        long now = System.currentTimeMillis();
        long span = 30L * 24 * 3600 * 1000;
        String[] models = {"gpt-4o-mini", "gpt-4o-mini", "gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "llama-3.1-8b"};
        String[] topics = {"refund policy", "shipping times", "password reset", "invoice copy", "weather in Paris",
            "order status", "change address", "cancel subscription"};
        try (Connection c = TraceStore.openForWriting(db)) {
            c.setAutoCommit(false);
            try (PreparedStatement trace = c.prepareStatement("INSERT INTO traces (id, name, kind, started_at, ended_at,"
                    + " status, root_step_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement step = c.prepareStatement("INSERT INTO steps (id, trace_id, parent_step_id, seq,"
                         + " name, provider, operation, model, response_model, request_json, response_json, input_text,"
                         + " output_text, prompt_tokens, completion_tokens, total_tokens, cached_tokens, latency_ms,"
                         + " started_at, ended_at, status, error, cache_hit, saved_ms, finish_reason, response_id,"
                         + " input_messages_json, output_messages_json, tool_definitions_json, parameters_json)"
                         + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement eval = c.prepareStatement("INSERT INTO evals (id, step_id, name, score, passed,"
                         + " created_at) VALUES (?, ?, 'length', ?, ?, ?)")) {
                for (int i = 0; i < TRACES; i++) {
                    long start = now - span + (long) ((double) i / TRACES * span);
                    String id = Ids.newId(start);
                    String topic = topics[random.nextInt(topics.length)];
                    String model = models[random.nextInt(models.length)];
                    boolean service = i % 5 == 0;
                    boolean failed = random.nextInt(50) == 0;
                    int duration = 300 + random.nextInt(3000);
                    trace.setString(1, id);
                    trace.setString(2, service ? "SupportAgent.answer" : "openai.chat " + model);
                    trace.setString(3, service ? "ai_service" : "auto");
                    trace.setLong(4, start);
                    trace.setLong(5, start + duration);
                    trace.setString(6, failed ? "error" : "ok");
                    trace.setString(7, id + "-0");
                    trace.addBatch();
                    if (service) {
                        addStep(step, id + "-0", id, null, 0, "SupportAgent.answer", "ai_service", null, start, duration,
                                "{\"method\":\"SupportAgent.answer\",\"arguments\":[\"" + topic + "?\"]}",
                                "{\"result\":\"Here is what I found about " + topic + ".\"}", topic + "?",
                                "Here is what I found about " + topic + ".", failed, false, random);
                        addStep(step, id + "-1", id, id + "-0", 1, "chat " + model, "chat", model, start + 5, 400,
                                chatRequest(model, topic, 3), toolCallResponse(model), "user: " + topic + "?",
                                "tool call lookUp({\"topic\":\"" + topic + "\"})", false, false, random);
                        addStep(step, id + "-2", id, id + "-0", 2, "lookUp", "tool", null, start + 410, 20,
                                "{\"name\":\"lookUp\",\"arguments\":\"{\\\"topic\\\":\\\"" + topic + "\\\"}\"}",
                                "{\"result\":\"Policy text about " + topic + "\"}", "{\"topic\":\"" + topic + "\"}",
                                "Policy text about " + topic, false, false, random);
                        addStep(step, id + "-3", id, id + "-0", 3, "chat " + model, "chat", model, start + 440,
                                duration - 450, chatRequest(model, topic, 5), answer(model, topic),
                                "user: " + topic + "?", "Here is what I found about " + topic + ".", failed, false, random);
                        eval.setString(1, id + "-e");
                        eval.setString(2, id + "-3");
                        boolean pass = random.nextInt(10) != 0;
                        eval.setDouble(3, pass ? 1 : 0);
                        eval.setInt(4, pass ? 1 : 0);
                        eval.setLong(5, start + duration);
                        eval.addBatch();
                    } else {
                        addStep(step, id + "-0", id, null, 0, "openai.chat " + model, "chat", model, start, duration,
                                chatRequest(model, topic, 2), answer(model, topic), "user: " + topic + "?",
                                "Here is what I found about " + topic + ".", failed, random.nextInt(20) == 0, random);
                    }
                    if (i % 2_000 == 1_999) {
                        trace.executeBatch();
                        step.executeBatch();
                        eval.executeBatch();
                        c.commit();
                    }
                }
                // One long agent loop: 250 model calls, each followed by a tool execution, memory window of 20.
                long start = now - 3_600_000;
                trace.setString(1, BIG_TRACE);
                trace.setString(2, "ResearchAgent.run");
                trace.setString(3, "ai_service");
                trace.setLong(4, start);
                trace.setLong(5, start + LOOP_CALLS * 1_000L);
                trace.setString(6, "ok");
                trace.setString(7, BIG_TRACE + "-root");
                trace.addBatch();
                addStep(step, BIG_TRACE + "-root", BIG_TRACE, null, 0, "ResearchAgent.run", "ai_service", null, start,
                        LOOP_CALLS * 1_000.0, "{\"method\":\"ResearchAgent.run\",\"arguments\":[\"Research refund policy\"]}",
                        "{\"result\":\"done\"}", "Research refund policy", "done", false, false, random);
                for (int k = 0; k < LOOP_CALLS; k++) {
                    long at = start + k * 1_000L;
                    addStep(step, BIG_TRACE + "-c" + k, BIG_TRACE, BIG_TRACE + "-root", 1 + 2 * k, "chat gpt-4o-mini",
                            "chat", "gpt-4o-mini", at + 10, 700, chatRequest("gpt-4o-mini", "refund policy step " + k,
                                    Math.min(20, 2 + 2 * k)), toolCallResponse("gpt-4o-mini"), "user: step " + k,
                            "tool call lookUp", false, false, random);
                    addStep(step, BIG_TRACE + "-t" + k, BIG_TRACE, BIG_TRACE + "-root", 2 + 2 * k, "lookUp", "tool",
                            null, at + 720, 50, "{\"name\":\"lookUp\",\"arguments\":\"{\\\"page\\\":" + k + "}\"}",
                            "{\"result\":\"page " + k + " of the refund policy\"}", "{\"page\":" + k + "}",
                            "page " + k + " of the refund policy", false, false, random);
                }
                trace.executeBatch();
                step.executeBatch();
                eval.executeBatch();
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private static void addStep(PreparedStatement p, String id, String trace, String parent, int seq, String name,
            String operation, String model, long start, double latency, String request, String response,
            String input, String output, boolean failed, boolean cacheHit, Random random) throws Exception {
        boolean call = model != null;
        long prompt = 200 + random.nextInt(1500);
        long completion = 20 + random.nextInt(400);
        p.setString(1, id);
        p.setString(2, trace);
        p.setString(3, parent);
        p.setInt(4, seq);
        p.setString(5, name);
        p.setString(6, call ? "openai" : "langchain4j");
        p.setString(7, operation);
        p.setString(8, model);
        p.setString(9, call ? model + "-2024-07-18" : null);
        p.setString(10, request);
        p.setString(11, failed ? null : response);
        p.setString(12, input);
        p.setString(13, failed ? null : output);
        p.setObject(14, call ? prompt : null);
        p.setObject(15, call ? completion : null);
        p.setObject(16, call ? prompt + completion : null);
        p.setObject(17, call ? (long) random.nextInt(200) : null);
        p.setDouble(18, cacheHit ? 0.4 : latency);
        p.setLong(19, start);
        p.setLong(20, start + (long) latency);
        p.setString(21, failed ? "error" : "ok");
        p.setString(22, failed ? "RateLimitError: 429 Too Many Requests" : null);
        p.setInt(23, cacheHit ? 1 : 0);
        p.setObject(24, cacheHit ? latency : null);
        p.setString(25, call ? "stop" : null);
        Exchange exchange = call ? OpenAiWire.read(operation, request, failed ? null : response, null) : new Exchange();
        if (!call) {
            exchange.in(Message.text(Message.USER, input));
            if (!failed) {
                exchange.out(Message.text(Message.ASSISTANT, output));
            }
        }
        p.setString(26, exchange.responseId);
        p.setString(27, NeutralJson.messages(exchange.input, text -> text));
        p.setString(28, NeutralJson.messages(exchange.output, text -> text));
        p.setString(29, NeutralJson.tools(exchange.tools, true, text -> text));
        p.setString(30, NeutralJson.parameters(exchange.parameters));
        p.addBatch();
    }

    private static String chatRequest(String model, String topic, int messages) {
        StringBuilder sb = new StringBuilder("{\"model\":\"").append(model).append("\",\"temperature\":0.2,\"messages\":[")
                .append("{\"role\":\"system\",\"content\":\"You are a helpful support agent for ACME. Answer briefly.\"}");
        for (int m = 1; m < messages; m++) {
            String role = m % 2 == 1 ? "user" : "assistant";
            sb.append(",{\"role\":\"").append(role).append("\",\"content\":\"")
                    .append(role.equals("user") ? "Question " + m + " about " + topic + ", with some detail to make"
                            + " the message a realistic length for a support conversation."
                            : "Answer " + m + ": here is what our policy says about " + topic + ".")
                    .append("\"}");
        }
        return sb.append("],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookUp\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"topic\":{\"type\":\"string\"}}}}}]}").toString();
    }

    private static String answer(String model, String topic) {
        return "{\"id\":\"chatcmpl-1\",\"model\":\"" + model + "-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Here is what I found about " + topic + ".\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":500,\"completion_tokens\":50}}";
    }

    private static String toolCallResponse(String model) {
        return "{\"id\":\"chatcmpl-2\",\"model\":\"" + model + "-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"lookUp\",\"arguments\":\"{\\\"topic\\\":\\\"refund\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}";
    }
}
