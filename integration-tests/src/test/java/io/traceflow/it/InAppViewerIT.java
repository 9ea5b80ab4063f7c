package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
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

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.ViewerScenarioApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dtraceflow.ui.port}: the instrumented app serves the viewer itself while it runs, answers API calls about
 * its own traces, never stays alive because of it, and never stores the token.
 */
class InAppViewerIT {
    @TempDir
    Path dir;

    @Test
    void theAppServesItsOwnTracesAndExitsAsUsual() throws Exception {
        Path db = dir.resolve("in-app.db");
        List<String> command = List.of(ForkedApp.javaBinary(), "-javaagent:" + ForkedApp.AGENT_JAR,
                "-Dtraceflow.db=" + db, "-Dtraceflow.ui.port=0", "-Dtraceflow.ui.token=in-app-secret-1",
                "-Dtraceflow.flush.interval.ms=50", "-cp", ForkedApp.testClasspath(), ViewerScenarioApp.class.getName());
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            List<String> full = new ArrayList<>(command);
            full.addAll(List.of(fake.baseUrl(), "live", "4", "1500"));
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("TRACEFLOW_"));
            Process app = builder.start();
            List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<URI> url = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        output.add(line);
                        if (line.startsWith("[traceflow] INFO TraceFlow viewer at ")) {
                            url.complete(URI.create(line.substring("[traceflow] INFO TraceFlow viewer at ".length())));
                        }
                    }
                } catch (Exception e) {
                    url.completeExceptionally(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                URI printed = url.get(60, TimeUnit.SECONDS);
                assertThat(printed.getQuery()).isEqualTo("token=in-app-secret-1");
                String api = "http://" + printed.getHost() + ":" + printed.getPort() + "/api/traces";
                HttpClient http = HttpClient.newHttpClient();
                assertThat(http.send(HttpRequest.newBuilder(URI.create(api)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).as("the token is required").isEqualTo(401);
                String body = "";
                long deadline = System.currentTimeMillis() + 30_000;
                while (!body.contains("\"traces\":[{") && System.currentTimeMillis() < deadline) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api))
                            .header("Authorization", "Bearer in-app-secret-1").build(), HttpResponse.BodyHandlers.ofString());
                    body = r.statusCode() == 200 ? r.body() : "";
                    Thread.sleep(200);
                }
                assertThat(body).as("the app's own traces, while it runs").contains("openai.chat gpt-4o-mini");
                assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the viewer's threads do not keep the app alive: " + output)
                        .isTrue();
                assertThat(app.exitValue()).as(String.join("\n", output)).isZero();
            } finally {
                app.destroyForcibly();
            }
        }
        assertThat(Db.count(db, "SELECT count(*) FROM traces")).isEqualTo(4);
        String settings = (String) Db.rows(db, "SELECT settings_json FROM agent_runs").get(0).get("settings_json");
        assertThat(settings).contains("\"traceflow.ui.token\":\"[REDACTED]\"").doesNotContain("in-app-secret-1");
    }
}
