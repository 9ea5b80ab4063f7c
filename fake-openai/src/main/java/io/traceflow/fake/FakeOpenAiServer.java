package io.traceflow.fake;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible server for tests and the demo, bound to 127.0.0.1 on a free port. Its answers are
 * deterministic and steered by the request:
 * <ul>
 *   <li>a request containing {@code FAIL500} gets HTTP 500 with an OpenAI-style error body;</li>
 *   <li>a request containing {@code DELAY500} is answered 500 ms late;</li>
 *   <li>a chat request that offers tools and has no tool result yet gets a tool call of the first tool offered;</li>
 *   <li>otherwise the answer is {@code "Echo: <last user text>"} (chat and Responses API);</li>
 *   <li>{@code "stream": true} answers as server-sent events, with a final usage chunk for chat.</li>
 *   <li>a chat request whose text contains {@value #JUDGE_MARKER} (TraceFlow's LLM-as-judge prompt) gets a canned
 *       judgement as its answer: {@code {"score":0.8,"reason":"..."}}, or score 0.2 when the judged text contains
 *       {@code JUDGE_LOW}, a non-JSON answer for {@code JUDGE_GARBLED}, HTTP 500 for {@code JUDGE_FAIL}. This is
 *       checked first, so a judged text never triggers the rules above.</li>
 * </ul>
 * It records every request body and the authorization header it saw, so tests can check what was sent.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final Pattern TOOLS = Pattern.compile("\"tools\"\\s*:\\s*\\[");
    private static final Pattern TOOL_RESULT = Pattern.compile("\"role\"\\s*:\\s*\"tool\"");
    private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");
    private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern CONTENT = Pattern.compile("\"(?:content|input|text)\"\\s*:\\s*\"((?:[^\"\\\\]++|\\\\.)*+)\"");
    private static final Pattern TOOL_NAME = Pattern.compile("\"function\"\\s*:\\s*\\{[^}]*?\"name\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RESPONSES_TOOL_NAME = Pattern.compile("\"type\"\\s*:\\s*\"function\"[^}]*?\"name\"\\s*:\\s*\"([^\"]+)\"");

    /** The marker in TraceFlow's judge system prompt (io.traceflow.eval.judge.JudgeClient.MARKER). */
    public static final String JUDGE_MARKER = "traceflow-judge";
    /** The reason of the canned judgement. */
    public static final String JUDGE_REASON = "Canned judgement of the fake server: the answer addresses the input.";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    private FakeOpenAiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static FakeOpenAiServer start() throws IOException {
        return start(0);
    }

    public static FakeOpenAiServer start(int port) throws IOException {
        // The JDK HttpServer writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add ~40 ms to every response. The JDK reads this property once, when its server
        // configuration class initializes, so it is set before the first server (unless the host set it).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        FakeOpenAiServer fake = new FakeOpenAiServer(server, executor);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    /** The base URL an OpenAI client should use, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Forgets the recorded requests and authorizations, so a long benchmark run does not grow the heap. */
    public synchronized void clearRecorded() {
        requests.clear();
        authorizations.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (this) {
                requests.add(body);
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            }
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/chat/completions") && body.contains(JUDGE_MARKER)) {
                judge(exchange, body, first(MODEL, body, "gpt-4o-mini"), counter.incrementAndGet());
                return;
            }
            if (body.contains("DELAY500")) {
                sleepQuietly(500); // time for a client to cancel or time out first
            }
            if (body.contains("FAIL500")) {
                send(exchange, 500, "application/json", "{\"error\":{\"message\":\"The fake server failed as asked"
                        + " (FAIL500)\",\"type\":\"server_error\",\"param\":null,\"code\":\"fake_failure\"}}");
                return;
            }
            boolean stream = STREAM.matcher(body).find();
            String model = first(MODEL, body, "gpt-4o-mini");
            int n = counter.incrementAndGet();
            if (path.endsWith("/chat/completions")) {
                chat(exchange, body, model, stream, n);
            } else if (path.endsWith("/responses")) {
                responses(exchange, body, model, stream, n);
            } else if (path.endsWith("/embeddings")) {
                embeddings(exchange, body, model);
            } else {
                send(exchange, 404, "application/json", "{\"error\":{\"message\":\"no route " + path
                        + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
            }
        }
    }

    private void chat(HttpExchange exchange, String body, String model, boolean stream, int n) throws IOException {
        List<String> tools = TOOLS.matcher(body).find() && !TOOL_RESULT.matcher(body).find() ? all(TOOL_NAME, body) : List.of();
        if (tools.size() > 2) {
            tools = tools.subList(0, 2);
        }
        String tool = tools.isEmpty() ? null : tools.get(0);
        String answer = "Echo: " + lastContent(body);
        String id = "chatcmpl-fake" + n;
        int promptTokens = Math.max(1, body.length() / 4);
        int completionTokens = tool != null ? 12 : Math.max(1, answer.length() / 4);
        String usage = "{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                + ",\"total_tokens\":" + (promptTokens + completionTokens)
                + ",\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}";
        String args = "{\\\"city\\\":\\\"Paris\\\"}";
        if (!stream) {
            StringBuilder calls = new StringBuilder();
            for (int i = 0; i < tools.size(); i++) {
                calls.append(i > 0 ? "," : "").append("{\"id\":\"call_fake").append(n).append('_').append(i)
                        .append("\",\"type\":\"function\",\"function\":{\"name\":\"").append(tools.get(i))
                        .append("\",\"arguments\":\"").append(args).append("\"}}");
            }
            String message = tool != null
                    ? "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + calls + "]}"
                    : "{\"role\":\"assistant\",\"content\":" + quote(answer) + "}";
            send(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
                    + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":" + message
                    + ",\"finish_reason\":\"" + (tool != null ? "tool_calls" : "stop") + "\"}],\"usage\":" + usage + "}");
            return;
        }
        List<String> events = new ArrayList<>();
        String head = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + model + "\",";
        if (tool != null) {
            for (int i = 0; i < tools.size(); i++) {
                events.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":" + i
                        + ",\"id\":\"call_fake" + n + "_" + i + "\",\"type\":\"function\",\"function\":{\"name\":\"" + tools.get(i)
                        + "\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}");
                events.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + i
                        + ",\"function\":{\"arguments\":\"" + args + "\"}}]},\"finish_reason\":null}]}");
            }
            events.add(head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
        } else {
            events.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
            for (String piece : pieces(answer)) {
                events.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(piece) + "},\"finish_reason\":null}]}");
            }
            events.add(head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        }
        events.add(head + "\"choices\":[],\"usage\":" + usage + "}");
        sendEvents(exchange, events, null);
    }

    private void judge(HttpExchange exchange, String body, String model, int n) throws IOException {
        if (body.contains("JUDGE_FAIL")) {
            send(exchange, 500, "application/json", "{\"error\":{\"message\":\"The fake judge failed as asked"
                    + " (JUDGE_FAIL)\",\"type\":\"server_error\",\"param\":null,\"code\":\"fake_failure\"}}");
            return;
        }
        String verdict = body.contains("JUDGE_GARBLED") ? "I think it is fine."
                : "{\"score\":" + (body.contains("JUDGE_LOW") ? "0.2" : "0.8") + ",\"reason\":" + quote(JUDGE_REASON) + "}";
        send(exchange, 200, "application/json", "{\"id\":\"chatcmpl-judge" + n + "\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":" + quote(verdict) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":" + Math.max(1, body.length() / 4) + ",\"completion_tokens\":20,"
                + "\"total_tokens\":" + (Math.max(1, body.length() / 4) + 20) + "}}");
    }

    private void responses(HttpExchange exchange, String body, String model, boolean stream, int n) throws IOException {
        String tool = body.contains("\"tools\"") && !body.contains("function_call_output") ? first(RESPONSES_TOOL_NAME, body, null) : null;
        String answer = "Echo: " + lastContent(body);
        String id = "resp_fake" + n;
        int in = Math.max(1, body.length() / 4);
        int out = Math.max(1, answer.length() / 4);
        String usage = "{\"input_tokens\":" + in + ",\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":" + out
                + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":" + (in + out) + "}";
        String output = tool != null
                ? "[{\"type\":\"function_call\",\"id\":\"fc_fake" + n + "\",\"call_id\":\"call_fake" + n + "\",\"name\":\"" + tool
                        + "\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\",\"status\":\"completed\"}]"
                : "[{\"type\":\"message\",\"id\":\"msg_fake" + n + "\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":"
                        + "[{\"type\":\"output_text\",\"text\":" + quote(answer) + ",\"annotations\":[]}]}]";
        String response = "{\"id\":\"" + id + "\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"completed\","
                + "\"model\":\"" + model + "\",\"output\":" + output + ",\"parallel_tool_calls\":true,\"tool_choice\":\"auto\","
                + "\"tools\":[],\"temperature\":1.0,\"top_p\":1.0,\"metadata\":{},\"error\":null,\"incomplete_details\":null,"
                + "\"instructions\":null,\"usage\":" + usage + "}";
        if (!stream) {
            send(exchange, 200, "application/json", response);
            return;
        }
        String inProgress = response.replace("\"status\":\"completed\",\"model\"", "\"status\":\"in_progress\",\"model\"");
        List<String> events = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int seq = 0;
        events.add("{\"type\":\"response.created\",\"sequence_number\":" + seq++ + ",\"response\":" + inProgress + "}");
        names.add("response.created");
        if (tool == null) {
            for (String piece : pieces(answer)) {
                events.add("{\"type\":\"response.output_text.delta\",\"sequence_number\":" + seq++ + ",\"item_id\":\"msg_fake" + n
                        + "\",\"output_index\":0,\"content_index\":0,\"delta\":" + quote(piece) + ",\"logprobs\":[]}");
                names.add("response.output_text.delta");
            }
        }
        events.add("{\"type\":\"response.completed\",\"sequence_number\":" + seq + ",\"response\":" + response + "}");
        names.add("response.completed");
        sendEvents(exchange, events, names);
    }

    private void embeddings(HttpExchange exchange, String body, String model) throws IOException {
        int inputs = Math.max(1, countInputs(body));
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < inputs; i++) {
            if (i > 0) {
                data.append(',');
            }
            data.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[");
            for (int d = 0; d < 8; d++) {
                data.append(d > 0 ? "," : "").append((i + 1) * 0.125 + d * 0.01);
            }
            data.append("]}");
        }
        int tokens = Math.max(1, body.length() / 8);
        send(exchange, 200, "application/json", "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"" + model
                + "\",\"usage\":{\"prompt_tokens\":" + tokens + ",\"total_tokens\":" + tokens + "}}");
    }

    private static int countInputs(String body) {
        int start = body.indexOf("\"input\"");
        if (start < 0) {
            return 1;
        }
        int colon = body.indexOf(':', start);
        int i = colon + 1;
        while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
            i++;
        }
        if (i >= body.length() || body.charAt(i) != '[') {
            return 1;
        }
        int end = body.indexOf(']', i);
        String list = body.substring(i + 1, Math.max(i + 1, end));
        int count = 0;
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]++|\\\\.)*+)\"").matcher(list);
        while (m.find()) {
            count++;
        }
        return count;
    }

    private static String lastContent(String body) {
        Matcher m = CONTENT.matcher(body);
        String last = "";
        while (m.find()) {
            last = m.group(1);
        }
        return unescape(last);
    }

    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 5) {
            out.add(text.substring(i, Math.min(text.length(), i + 5)));
        }
        return out;
    }

    private static List<String> all(Pattern pattern, String body) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String first(Pattern pattern, String body, String fallback) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : fallback;
    }

    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendEvents(HttpExchange exchange, List<String> events, List<String> names) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < events.size(); i++) {
                String frame = (names != null ? "event: " + names.get(i) + "\n" : "") + "data: " + events.get(i) + "\n\n";
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (names == null) {
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Runs the server in the foreground: {@code java -cp fake-openai.jar io.traceflow.fake.FakeOpenAiServer [port]}. */
    public static void main(String[] args) throws Exception {
        FakeOpenAiServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println(server.baseUrl());
        Thread.currentThread().join();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
