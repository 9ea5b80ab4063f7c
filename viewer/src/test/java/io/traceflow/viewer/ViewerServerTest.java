package io.traceflow.viewer;

import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.exec;
import static io.traceflow.viewer.ViewerTestData.eval;
import static io.traceflow.viewer.ViewerTestData.step;
import static io.traceflow.viewer.ViewerTestData.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.store.Migrator;
import io.traceflow.core.store.Schema;
import io.traceflow.core.store.TestDb;
import io.traceflow.core.store.TraceStore;
import io.traceflow.core.util.Ids;
import io.traceflow.schema.Operations;
import io.traceflow.schema.Statuses;
import io.traceflow.schema.TraceKinds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API and the server's rules, over a file filled with SQL, through real HTTP. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ViewerServerTest {
    static final int FILLER = 120;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<ViewerServer> servers = new ArrayList<>();
    private long t0;

    @BeforeEach
    void base() {
        t0 = System.currentTimeMillis() - 3_600_000;
    }

    @AfterEach
    void stop() {
        servers.forEach(ViewerServer::close);
    }

    private Path fill(Path db, Connection c) throws Exception {
        c.setAutoCommit(false);
        trace(c, "t1", "Assistant.chat", "ai_service", t0, t0 + 500, "ok");
        step(c, "r1", "t1", null, 0, "ai_service", null, "langchain4j", t0, 500, null, null, "ok", false,
                "What is the weather in Paris?", "Sunny in Paris");
        step(c, "s1", "t1", "r1", 1, "chat", "gpt-4o-mini", "langchain4j", t0 + 10, 100, 100L, 20L, "ok", false,
                "What is the weather in Paris?", "calling getWeather");
        step(c, "s2", "t1", "r1", 2, "tool", null, "langchain4j", t0 + 120, 5, null, null, "ok", false,
                "{\"city\":\"Paris\"}", "Sunny");
        step(c, "s3", "t1", "r1", 3, "chat", "gpt-4o-mini", "langchain4j", t0 + 130, 300, 150L, 10L, "ok", false,
                "tool getWeather: Sunny", "Sunny in Paris");
        eval(c, "e1", "s1", "length", true, t0 + 600);
        eval(c, "e2", "s3", "length", false, t0 + 600);
        trace(c, "t2", "openai.chat gpt-4o", "auto", t0 + 1000, t0 + 1200, "error");
        step(c, "s4", "t2", null, 0, "chat", "gpt-4o", "openai", t0 + 1000, 200, null, null, "error", false,
                "Tell me a joke", null);
        trace(c, "t3", "local", "auto", t0 + 2000, t0 + 2100, "ok");
        step(c, "s5", "t3", null, 0, "chat", "my-local-llm", "openai", t0 + 2000, 100, 10L, 10L, "ok", false,
                "hello", "hi there");
        trace(c, "t4", "cached", "auto", t0 + 3000, t0 + 3001, "ok");
        step(c, "s6", "t4", null, 0, "chat", "gpt-4o-mini", "openai", t0 + 3000, 1, 50L, 5L, "ok", true,
                "What is the weather in Rome?", "Rainy");
        for (int i = 0; i < FILLER; i++) {
            long at = t0 - 100_000 - i * 1000L;
            String id = Ids.newId(at);
            trace(c, id, "filler", "auto", at, at + 10, "ok");
            step(c, id + "s", id, null, 0, "chat", "gpt-4o-mini", "openai", at, 10, 5L, 5L, "ok", false, "filler " + i,
                    "ok");
        }
        c.commit();
        return db;
    }

    private Path database() throws Exception {
        Path db = dir.resolve("viewer.db");
        try (Connection c = TraceStore.openForWriting(db)) {
            fill(db, c);
        }
        return db;
    }

    private ViewerServer start(Path db, String bind, String token) throws Exception {
        ViewerServer server = ViewerServer.start(new ViewerServer.Options(db, bind, 0, token, PriceTable.builtIn()));
        servers.add(server);
        return server;
    }

    private HttpResponse<String> get(ViewerServer s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(ViewerServer s, String path) throws Exception {
        HttpResponse<String> r = get(s, path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> post(ViewerServer s, String path, String body, String contentType, String origin)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("traces").forEach(t -> out.add(t.path("id").asText()));
        return out;
    }

    @Test
    void theListIsNewestFirstAndKeysetPagingVisitsEveryTraceOnce() throws Exception {
        ViewerServer s = start(database(), "127.0.0.1", null);
        JsonNode first = json(s, "/api/traces?limit=50");
        assertThat(ids(first)).hasSize(50).startsWith("t4", "t3", "t2", "t1");
        Set<String> seen = new HashSet<>();
        List<Long> starts = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = json(s, "/api/traces?limit=50" + (next == null ? "" : "&before=" + next));
            page.path("traces").forEach(t -> {
                assertThat(seen.add(t.path("id").asText())).as("seen once").isTrue();
                starts.add(t.path("startedAt").asLong());
            });
            next = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        } while (next != null);
        assertThat(seen).hasSize(FILLER + 4);
        assertThat(pages).isEqualTo(3);
        assertThat(starts).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(get(s, "/api/traces?limit=0").statusCode()).isEqualTo(400);
        assertThat(get(s, "/api/traces?before=garbage").statusCode()).isEqualTo(400);
    }

    @Test
    void listRowsCarryDurationStepsTokensCostErrorsAndEvals() throws Exception {
        ViewerServer s = start(database(), "127.0.0.1", null);
        JsonNode page = json(s, "/api/traces?limit=4");
        JsonNode t1 = page.path("traces").get(3);
        assertThat(t1.path("id").asText()).isEqualTo("t1");
        assertThat(t1.path("durationMs").asLong()).isEqualTo(500);
        assertThat(t1.path("steps").asInt()).isEqualTo(4);
        assertThat(t1.path("llmCalls").asInt()).isEqualTo(2);
        assertThat(t1.path("totalTokens").asLong()).isEqualTo(280);
        assertThat(t1.path("costUsd").asDouble()).isCloseTo((250 * 0.15 + 30 * 0.60) / 1e6, within(1e-12));
        assertThat(t1.path("evals").asInt()).isEqualTo(2);
        assertThat(t1.path("evalsFailed").asInt()).isEqualTo(1);
        JsonNode t2 = page.path("traces").get(2);
        assertThat(t2.path("errors").asInt()).isEqualTo(1);
        assertThat(t2.path("costUsd").isNull()).as("no usage reported: unknown, not 0").isTrue();
        JsonNode t3 = page.path("traces").get(1);
        assertThat(t3.path("costUsd").isNull()).as("a model without a price").isTrue();
        JsonNode t4 = page.path("traces").get(0);
        assertThat(t4.path("cacheHits").asInt()).isEqualTo(1);
        assertThat(t4.path("costUsd").asDouble()).isZero();
        assertThat(t4.path("savedMs").asDouble()).isEqualTo(900.0);
    }

    @Test
    void filtersAndFullTextSearch() throws Exception {
        ViewerServer s = start(database(), "127.0.0.1", null);
        assertThat(ids(json(s, "/api/traces?model=gpt-4o"))).containsExactly("t2");
        assertThat(ids(json(s, "/api/traces?status=error"))).containsExactly("t2");
        assertThat(ids(json(s, "/api/traces?cache=hit"))).containsExactly("t4");
        assertThat(ids(json(s, "/api/traces?cache=miss&limit=3"))).containsExactly("t3", "t2", "t1");
        assertThat(ids(json(s, "/api/traces?evals=failed"))).containsExactly("t1");
        assertThat(ids(json(s, "/api/traces?name=Assistant.chat"))).containsExactly("t1");
        assertThat(ids(json(s, "/api/traces?provider=langchain4j"))).containsExactly("t1");
        assertThat(ids(json(s, "/api/traces?from=" + (t0 + 500) + "&to=" + (t0 + 2500)))).containsExactly("t3", "t2");
        JsonNode search = json(s, "/api/traces?q=weather");
        assertThat(search.path("search").asText()).isEqualTo("fts");
        assertThat(ids(search)).containsExactly("t4", "t1");
        assertThat(ids(json(s, "/api/traces?q=weath+PARIS"))).as("prefixes, any case, all words").containsExactly("t1");
        assertThat(ids(json(s, "/api/traces?q=%22%20OR%20*"))).as("FTS syntax is only text").isEmpty();
        assertThat(ids(json(s, "/api/traces?q=sunny&model=gpt-4o-mini"))).containsExactly("t1");
        assertThat(get(s, "/api/traces?status=weird").statusCode()).isEqualTo(400);
        JsonNode facets = json(s, "/api/facets");
        assertThat(facets.path("models").toString()).contains("gpt-4o-mini", "my-local-llm");
        assertThat(facets.path("providers").toString()).contains("openai", "langchain4j");
        assertThat(facets.path("names").toString()).contains("Assistant.chat", "filler");
    }

    @Test
    void aVersionOneFileIsReadWithoutTheIndexAndSearchStillWorks() throws Exception {
        Path db = dir.resolve("v1.db");
        try (Connection c = TestDb.raw(db)) {
            new Migrator(Schema.MIGRATIONS.subList(0, 1)).migrate(c, db.toString());
            exec(c, "PRAGMA journal_mode=WAL");
            fill(db, c);
        }
        ViewerServer s = start(db, "127.0.0.1", null);
        JsonNode info = json(s, "/api/info");
        assertThat(info.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(info.path("search").asText()).isEqualTo("like");
        JsonNode search = json(s, "/api/traces?q=weather%20paris");
        assertThat(search.path("search").asText()).isEqualTo("like");
        assertThat(ids(search)).containsExactly("t1");
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(Migrator.userVersion(c)).as("the viewer never migrates").isEqualTo(1);
        }
    }

    @Test
    void aTraceWithItsNestedStepsConversationsCostsAndEvals() throws Exception {
        ViewerServer s = start(database(), "127.0.0.1", null);
        JsonNode t = json(s, "/api/traces/t1");
        assertThat(t.path("name").asText()).isEqualTo("Assistant.chat");
        JsonNode steps = t.path("steps");
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0).path("operation").asText()).isEqualTo("ai_service");
        assertThat(steps.get(1).path("parentStepId").asText()).isEqualTo("r1");
        assertThat(steps.get(2).path("operation").asText()).isEqualTo("tool");
        JsonNode s1 = steps.get(1);
        assertThat(s1.path("conversation").path("input").get(0).path("role").asText()).isEqualTo("user");
        assertThat(s1.path("conversation").path("input").get(0).path("text").asText())
                .isEqualTo("What is the weather in Paris?");
        assertThat(s1.path("parameters").path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(s1.path("costUsd").asDouble()).isCloseTo((100 * 0.15 + 20 * 0.6) / 1e6, within(1e-12));
        assertThat(s1.path("evals").get(0).path("passed").asBoolean()).isTrue();
        assertThat(s1.path("requestJson").isNull()).as("raw JSON only on /api/steps").isTrue();
        assertThat(t.path("costUsd").asDouble()).isCloseTo((250 * 0.15 + 30 * 0.6) / 1e6, within(1e-12));

        JsonNode raw = json(s, "/api/steps/s1");
        assertThat(raw.path("requestJson").asText()).contains("\"messages\"");
        assertThat(raw.path("responseJson").asText()).contains("calling getWeather");
        assertThat(get(s, "/api/traces/nope").statusCode()).isEqualTo(404);
        assertThat(get(s, "/api/steps/nope").statusCode()).isEqualTo(404);
        assertThat(get(s, "/api/traces/..%2F..%2Fetc").statusCode()).isEqualTo(404);
    }

    @Test
    void feedbackIsStoredAsAnEvalFromSameOriginJsonOnly() throws Exception {
        Path db = database();
        ViewerServer s = start(db, "127.0.0.1", null);
        String origin = "http://127.0.0.1:" + s.port();
        HttpResponse<String> ok = post(s, "/api/steps/s3/feedback", "{\"rating\":\"down\",\"comment\":\"wrong city\"}",
                "application/json", origin);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(ok.body()).path("name").asText()).isEqualTo("feedback");
        assertThat(post(s, "/api/steps/s1/feedback", "{\"rating\":\"up\"}", "application/json", origin).statusCode())
                .isEqualTo(201);
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(TestDb.string(c, "SELECT detail FROM evals WHERE name = 'feedback' AND step_id = 's3'"))
                    .isEqualTo("wrong city");
            assertThat(count(c, "SELECT passed FROM evals WHERE name = 'feedback' AND step_id = 's3'")).isZero();
            assertThat(count(c, "SELECT passed FROM evals WHERE name = 'feedback' AND step_id = 's1'")).isEqualTo(1);
            assertThat(TestDb.string(c, "SELECT evaluator_version FROM evals WHERE name = 'feedback' LIMIT 1"))
                    .isEqualTo("viewer");
        }
        assertThat(json(s, "/api/traces/t1").path("steps").get(3).path("evals").toString()).contains("wrong city");

        assertThat(post(s, "/api/steps/s1/feedback", "{\"rating\":\"up\"}", "application/json",
                "http://evil.example").statusCode()).as("another origin").isEqualTo(403);
        assertThat(post(s, "/api/steps/s1/feedback", "{\"rating\":\"up\"}", "application/json", null).statusCode())
                .as("no origin at all").isEqualTo(403);
        assertThat(post(s, "/api/steps/s1/feedback", "rating=up", "application/x-www-form-urlencoded", origin)
                .statusCode()).as("a form post").isEqualTo(415);
        assertThat(post(s, "/api/steps/s1/feedback", "{\"rating\":\"maybe\"}", "application/json", origin).statusCode())
                .isEqualTo(400);
        assertThat(post(s, "/api/steps/s1/feedback", "not json", "application/json", origin).statusCode()).isEqualTo(400);
        assertThat(post(s, "/api/steps/nope/feedback", "{\"rating\":\"up\"}", "application/json", origin).statusCode())
                .isEqualTo(404);
        assertThat(post(s, "/api/traces", "{}", "application/json", origin).statusCode()).as("no other writes")
                .isEqualTo(405);
        assertThat(get(s, "/api/steps/s1/feedback").statusCode()).isEqualTo(405);
        try (Connection c = TraceStore.openReadOnly(db)) {
            assertThat(count(c, "SELECT count(*) FROM evals WHERE name = 'feedback'")).isEqualTo(2);
        }
    }

    @Test
    void theLiveVersionMovesWhenTheAppCommits() throws Exception {
        Path db = database();
        ViewerServer s = start(db, "127.0.0.1", null);
        long v1 = json(s, "/api/changes").path("version").asLong();
        assertThat(json(s, "/api/changes").path("version").asLong()).as("nothing changed").isEqualTo(v1);
        try (Connection c = TraceStore.openForWriting(db)) {
            trace(c, "t9", "new one", "auto", System.currentTimeMillis(), null, "running");
        }
        long v2 = json(s, "/api/changes").path("version").asLong();
        assertThat(v2).isGreaterThan(v1);
        assertThat(ids(json(s, "/api/traces?limit=1"))).containsExactly("t9");
        assertThat(json(s, "/api/traces?limit=1").path("traces").get(0).path("durationMs").isNull()).isTrue();
    }

    @Test
    void analyticsPerModelWithPercentilesCostErrorsCacheAndEvals() throws Exception {
        ViewerServer s = start(database(), "127.0.0.1", null);
        JsonNode r = json(s, "/api/analytics?from=" + (t0 - 10_000) + "&to=" + (t0 + 10_000) + "&tz=-120");
        assertThat(r.path("bucket").asText()).isEqualTo("hour");
        List<String> models = new ArrayList<>();
        r.path("models").forEach(m -> models.add(m.path("model").asText() + "/" + m.path("provider").asText()));
        assertThat(models).containsExactlyInAnyOrder("gpt-4o-mini/langchain4j", "gpt-4o/openai", "my-local-llm/openai",
                "gpt-4o-mini/openai");
        JsonNode lc = null;
        JsonNode oai = null;
        for (JsonNode m : r.path("models")) {
            if (m.path("model").asText().equals("gpt-4o-mini") && m.path("provider").asText().equals("langchain4j")) {
                lc = m;
            }
            if (m.path("model").asText().equals("gpt-4o")) {
                oai = m;
            }
        }
        assertThat(lc.path("calls").asLong()).isEqualTo(2);
        assertThat(lc.path("p50").asDouble()).isEqualTo(100.0);
        assertThat(lc.path("p99").asDouble()).isEqualTo(300.0);
        assertThat(lc.path("costUsd").asDouble()).isCloseTo((250 * 0.15 + 30 * 0.6) / 1e6, within(1e-12));
        assertThat(oai.path("errorRate").asDouble()).isEqualTo(1.0);
        for (JsonNode m : r.path("models")) {
            if (m.path("model").asText().equals("my-local-llm")) {
                assertThat(m.path("costUsd").isNull()).isTrue();
            }
            if (m.path("provider").asText().equals("openai") && m.path("model").asText().equals("gpt-4o-mini")) {
                assertThat(m.path("cacheHitRate").asDouble()).isEqualTo(1.0);
                assertThat(m.path("savedMs").asDouble()).isEqualTo(900.0);
                assertThat(m.path("p50").isNull()).as("cache hits are not latency").isTrue();
            }
        }
        JsonNode evals = r.path("evals");
        assertThat(evals).hasSize(1);
        assertThat(evals.get(0).path("passRate").asDouble()).isEqualTo(0.5);
        assertThat(r.path("buckets").size()).as("20 s in hour buckets").isBetween(1, 2);
        long sum = 0;
        for (JsonNode p : r.path("series")) {
            sum += p.path("calls").asLong();
            assertThat((p.path("bucket").asLong() + 120 * 60_000) % 3_600_000).as("aligned to the client's hours")
                    .isZero();
        }
        assertThat(sum).isEqualTo(5);
        assertThat(json(s, "/api/analytics").path("bucket").asText()).as("default: the last week by day").isEqualTo("day");
        assertThat(get(s, "/api/analytics?from=10&to=5").statusCode()).isEqualTo(400);
        assertThat(get(s, "/api/analytics?bucket=minute").statusCode()).isEqualTo(400);
    }

    @Test
    void pagesAndChartJsAreServedFromTheJarWithAStrictContentSecurityPolicy() throws Exception {
        ViewerServer s = start(database(), "127.0.0.1", null);
        HttpResponse<String> index = get(s, "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.body()).contains("/js/app.js", "/vendor/chart.umd.js");
        assertThat(get(s, "/js/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        HttpResponse<String> chart = get(s, "/vendor/chart.umd.js");
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart.js");
        for (String path : List.of("/%2e%2e/pom.xml", "/js/..%2f..%2fpom.xml", "/app.css/../x", "/nope.js",
                "/META-INF/MANIFEST.MF", "/io/traceflow/core/pricing/prices.json", "/js/app.js.map")) {
            assertThat(get(s, path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void thePagesTakeTheSchemasNamesFromTheJavaConstants() throws Exception {
        ViewerServer s = start(database(), "127.0.0.1", null);
        HttpResponse<String> names = get(s, "/js/names.js");
        assertThat(names.statusCode()).isEqualTo(200);
        assertThat(names.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(names.body()).contains("export const OP = Object.freeze({", "\"TOOL\":\"" + Operations.TOOL + "\"",
                "export const STATUS = Object.freeze({", "\"RUNNING\":\"" + Statuses.RUNNING + "\"",
                "export const KIND = Object.freeze({", "\"AI_SERVICE\":\"" + TraceKinds.AI_SERVICE + "\"");
        // The sets are not constants of the pages.
        assertThat(names.body()).doesNotContain("MODEL_CALLS");
        // No page compares an operation or a status with a literal of its own.
        for (String page : List.of("/js/list.js", "/js/trace.js", "/js/replay.js", "/js/analytics.js")) {
            assertThat(get(s, page).body()).as(page)
                    .doesNotContainPattern("(operation|status) [!=]== '");
        }
    }

    @Test
    void onlyLoopbackHostNamesWithoutAToken() throws Exception {
        Path db = database();
        ViewerServer s = start(db, "127.0.0.1", null);
        assertThat(raw(s.port(), "GET /api/info HTTP/1.1\r\nHost: evil.example:" + s.port() + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        assertThat(raw(s.port(), "GET /api/info HTTP/1.1\r\nHost: localhost:" + s.port() + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        assertThatThrownBy(() -> start(db, "0.0.0.0", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token");
        assertThatThrownBy(() -> start(db, "127.0.0.1", "short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withATokenEveryRequestMustCarryIt() throws Exception {
        ViewerServer s = start(database(), "127.0.0.1", "s3cret-token-123");
        assertThat(s.url().toString()).endsWith("/?token=s3cret-token-123");
        assertThat(get(s, "/api/info").statusCode()).isEqualTo(401);
        assertThat(get(s, "/").statusCode()).isEqualTo(401);
        assertThat(get(s, "/js/app.js").statusCode()).isEqualTo(401);
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                + "/api/info")).header("Authorization", "Bearer s3cret-token-123").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                + "/api/info")).header("Authorization", "Bearer s3cret-token-124").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> first = get(s, "/?token=s3cret-token-123");
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).hasValue("/");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict");
        HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                + "/api/traces?limit=1")).header("Cookie", cookie.split(";")[0]).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCookie.statusCode()).isEqualTo(200);
    }

    @Test
    void aFileThatDoesNotExistYetIsReportedUntilItAppears() throws Exception {
        Path db = dir.resolve("later/traces.db");
        ViewerServer s = start(db, "127.0.0.1", null);
        HttpResponse<String> early = get(s, "/api/traces");
        assertThat(early.statusCode()).isEqualTo(503);
        assertThat(early.body()).contains("no such file");
        assertThat(json(s, "/api/info").path("ready").asBoolean()).isFalse();
        long before = json(s, "/api/changes").path("version").asLong();
        try (Connection c = TraceStore.openForWriting(db)) {
            fill(db, c);
        }
        assertThat(ids(json(s, "/api/traces?limit=1"))).containsExactly("t4");
        assertThat(json(s, "/api/changes").path("version").asLong()).isGreaterThan(before);
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
