package io.traceflow.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code java -jar traceflow-agent.jar ui --db FILE --port 0} in its own process, as a user starts it; the URL is
 * read from the line it prints. Also a tiny JSON client for its API.
 */
public final class ViewerProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI url;
    private final List<String> output;
    private final HttpClient http = HttpClient.newHttpClient();

    private ViewerProcess(Process process, URI url, List<String> output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    public static ViewerProcess start(Path db, String... extraArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(ForkedApp.javaBinary(), "-jar", ForkedApp.AGENT_JAR.toString(),
                "ui", "--db", db.toString(), "--port", "0"));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("TRACEFLOW_"));
        Process process = builder.start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<URI> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    int at = line.indexOf(" at http://");
                    if (line.startsWith("TraceFlow viewer for") && at > 0) {
                        url.complete(URI.create(line.substring(at + 4).trim()));
                    }
                }
                url.completeExceptionally(new IllegalStateException("the viewer exited: " + output));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "viewer-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ViewerProcess(process, url.get(60, TimeUnit.SECONDS), output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the viewer did not start: " + output, e);
        }
    }

    /** The printed URL (with {@code ?token=} when there is one). */
    public URI url() {
        return url;
    }

    /** The origin, e.g. {@code http://127.0.0.1:41234}. */
    public String origin() {
        return "http://" + url.getHost() + ":" + url.getPort();
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(origin() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public HttpResponse<String> post(String path, String body, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
