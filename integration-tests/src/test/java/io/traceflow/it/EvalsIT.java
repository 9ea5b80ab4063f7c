package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.LangChain4jScenarioApp;
import io.traceflow.it.apps.OpenAiScenarioApp;

/**
 * Evaluations end to end (docs/evaluations.md): {@code traceflow.evals} on the real OpenAI SDK and LangChain4j
 * under the agent, the judge against the fake server, a plugged-in evaluator from its own jar, misbehaving
 * evaluators, and the {@code eval} command (backfill and report) of the packaged agent jar.
 */
class EvalsIT {
    static final String[] SCENARIOS = {"chat", "stream", "tools", "error500", "embeddings", "responses"};
    static final Path EXAMPLE_JAR = Path.of(System.getProperty("example.evaluator.jar",
            "../examples/evaluator-example/target/traceflow-evaluator-example.jar")).toAbsolutePath().normalize();
    static final Path MISBEHAVING_JAR = Path.of(System.getProperty("misbehaving.evaluators.jar",
            "../it-apps/misbehaving-evaluators/target/traceflow-it-misbehaving-evaluators.jar")).toAbsolutePath()
            .normalize();
    static final String JUDGE_KEY = "sk-judge-secret-0123456789abcdefghij";

    static FakeOpenAiServer server;
    static ForkedApp.Result plain;

    @BeforeAll
    static void startServerAndRunWithoutAgent() throws Exception {
        server = FakeOpenAiServer.start();
        plain = openAi().withoutAgent().run();
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static ForkedApp openAi() {
        return ForkedApp.main(OpenAiScenarioApp.class).args(OpenAiCaptureIT.with(server.baseUrl(), SCENARIOS));
    }

    /** Runs the OpenAI app under the agent with these settings; the app must not notice. */
    static ForkedApp.Result traced(Path db, String... keyValues) throws Exception {
        ForkedApp app = openAi().property("traceflow.db", db.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            app.property(keyValues[i], keyValues[i + 1]);
        }
        ForkedApp.Result result = app.run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as("app output under the agent").isEqualTo(plain.stdout());
        assertThat(result.stderr()).as("no stack trace").doesNotContain("\tat ");
        assertThat(result.agentLines()).as(result.toString()).hasSize(1);
        if (!plain.stderr().contains("SLF4J")) {
            assertThat(result.stderr()).as("the validator's SLF4J stays silent inside the agent").doesNotContain("SLF4J");
        }
        return result;
    }

    /** {@code java -jar traceflow-agent.jar ARGS}, with -D settings first. */
    static ForkedApp.Result cli(Map<String, String> properties, String... args) throws Exception {
        ForkedApp cli = ForkedApp.jar(ForkedApp.AGENT_JAR).withoutAgent().args(args);
        properties.forEach(cli::property);
        return cli.run();
    }

    static Map<String, String> evalsByStep(Path db, String name) throws Exception {
        return Db.rows(db, "SELECT s.operation || ':' || s.status || ':' || coalesce(s.finish_reason, '') AS step,"
                + " e.passed FROM evals e JOIN steps s ON s.id = e.step_id WHERE e.name = '" + name + "'").stream()
                .collect(Collectors.toMap(r -> (String) r.get("step"), r -> String.valueOf(r.get("passed")),
                        (a, b) -> a + "," + b));
    }

    @Test
    void onlineEvaluatorsGiveAResultPerStepWithTheirVersion(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("online.db");
        traced(db, "traceflow.evals", "json_valid,max_latency_ms:2000,not_empty,tool_args_valid");
        assertThat(Db.count(db, "SELECT count(*) FROM steps")).isEqualTo(SCENARIOS.length);
        assertThat(Db.count(db, "SELECT count(*) FROM steps s WHERE NOT EXISTS (SELECT 1 FROM evals e"
                + " WHERE e.step_id = s.id AND e.name = 'max_latency_ms:2000')")).as("every step").isZero();
        assertThat(Db.count(db, "SELECT count(*) FROM evals WHERE name = 'max_latency_ms:2000' AND passed IS NOT NULL"))
                .as("decided (a cold JVM's first call may take longer than 2 s)").isEqualTo(SCENARIOS.length);
        assertThat(evalsByStep(db, "not_empty")).containsOnly(Map.entry("chat:ok:stop", "1,1"),
                Map.entry("chat:ok:tool_calls", "1"), Map.entry("chat:error:", "0"), Map.entry("responses:ok:completed", "1"));
        assertThat(evalsByStep(db, "json_valid")).as("echo answers are not JSON; tool calls are not judged")
                .containsOnly(Map.entry("chat:ok:stop", "0,0"), Map.entry("chat:error:", "0"),
                        Map.entry("responses:ok:completed", "0"));
        assertThat(evalsByStep(db, "tool_args_valid")).containsOnly(Map.entry("chat:ok:tool_calls", "1"));
        assertThat(Db.rows(db, "SELECT DISTINCT evaluator_version FROM evals")).extracting(r -> r.get("evaluator_version"))
                .containsExactly("1");
        assertThat((String) Db.rows(db, "SELECT settings_json FROM agent_runs").get(0).get("settings_json"))
                .contains("\"traceflow.evals\":\"json_valid,max_latency_ms:2000,not_empty,tool_args_valid\"");
        assertThat(Db.count(db, "SELECT events_dropped + events_failed FROM agent_runs")).isZero();
    }

    @Test
    void costEvaluatorsPriceWithTraceflowPricesLikeTheViewer(@TempDir Path dir) throws Exception {
        // gpt-4o-mini at a dollar per token: each of its calls fails max_cost:1, which its built-in price (0.15 and
        // 0.60 per million) passes; the embedding model keeps its built-in price.
        Path prices = Files.writeString(dir.resolve("prices.json"),
                "{\"gpt-4o-mini\": {\"input\": 1000000, \"output\": 1000000}}");
        Path db = dir.resolve("prices.db");
        traced(db, "traceflow.evals", "max_cost:1", "traceflow.prices", prices.toString());
        assertThat(evalsByStep(db, "max_cost:1")).containsEntry("chat:ok:stop", "0,0")
                .containsEntry("responses:ok:completed", "0").containsEntry("embeddings:ok:", "1");
    }

    @Test
    void theJudgeAsksTheFakeServerIsNeverRecordedAsAStepAndItsKeyNeverReachesTheFile(@TempDir Path dir)
            throws Exception {
        Path db = dir.resolve("judge.db");
        int before = server.requests().size();
        traced(db, "traceflow.evals", "llm_judge:relevance", "traceflow.judge.url", server.baseUrl(),
                "traceflow.judge.model", "judge-mini", "traceflow.judge.api.key", JUDGE_KEY);
        assertThat(Db.count(db, "SELECT count(*) FROM steps")).as("no step for the judge's own calls")
                .isEqualTo(SCENARIOS.length);
        List<Map<String, Object>> results = Db.rows(db, "SELECT e.*, s.operation FROM evals e JOIN steps s"
                + " ON s.id = e.step_id WHERE s.status = 'ok' AND s.finish_reason IS NOT 'tool_calls'"
                + " AND s.operation IN ('chat', 'responses')");
        assertThat(results).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("name")).isEqualTo("llm_judge:relevance");
            assertThat(((Number) r.get("score")).doubleValue()).isEqualTo(0.8);
            assertThat(r.get("passed")).isEqualTo(1);
            assertThat(r.get("detail")).isEqualTo(FakeOpenAiServer.JUDGE_REASON);
            assertThat(r.get("evaluator_version")).isEqualTo("1+judge-mini");
        });
        List<String> judged = server.requests().subList(before, server.requests().size()).stream()
                .filter(b -> b.contains(FakeOpenAiServer.JUDGE_MARKER)).toList();
        assertThat(judged).hasSize(3).allSatisfy(b -> assertThat(b).contains("\"model\":\"judge-mini\"", "Relevance:"));
        assertThat(server.authorizations()).contains("Bearer " + JUDGE_KEY);
        assertThat(SettingsIT.fileText(db)).doesNotContain(JUDGE_KEY).contains("[REDACTED]");
    }

    @Test
    void traceEvaluatorsJudgeAnAiServiceCallAsAWholeOnItsRootStep(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("lc4j.db");
        ForkedApp.Result result = ForkedApp.main(LangChain4jScenarioApp.class).property("traceflow.db", db.toString())
                .property("traceflow.evals", "max_trace_latency_ms:60000,llm_judge:correctness;target=trace{kind=ai_service},"
                        + "tool_args_valid")
                .property("traceflow.judge.url", server.baseUrl())
                .args(server.baseUrl(), "tools", "chat").run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.agentLines()).as(result.toString()).hasSize(1);
        List<Map<String, Object>> rows = Db.rows(db, "SELECT e.name, e.passed, e.score, t.kind FROM evals e"
                + " JOIN traces t ON t.root_step_id = e.step_id WHERE e.name <> 'tool_args_valid' ORDER BY t.kind, e.name");
        assertThat(rows).extracting(r -> r.get("kind") + " " + r.get("name") + " " + r.get("passed")).containsExactly(
                "ai_service llm_judge:correctness;target=trace 1", "ai_service max_trace_latency_ms:60000 1",
                "auto max_trace_latency_ms:60000 1");
        assertThat(Db.count(db, "SELECT count(*) FROM evals WHERE name = 'tool_args_valid' AND passed = 1"))
                .as("the AI Service's tool-calling model call").isEqualTo(1);
        String judged = server.requests().stream().filter(b -> b.contains(FakeOpenAiServer.JUDGE_MARKER)
                && b.contains("Weather and time in Paris?")).findFirst().orElseThrow();
        assertThat(judged).contains("<context>", "tool getWeather", "Sunny in Paris");
    }

    @Test
    void anEvaluatorFromItsOwnJarRunsOnlineAndOffline(@TempDir Path dir) throws Exception {
        assertThat(EXAMPLE_JAR).as("build it with -pl integration-tests -am").isRegularFile();
        Path db = dir.resolve("plugged.db");
        traced(db, "traceflow.evals.path", EXAMPLE_JAR.toString(), "traceflow.evals", "max_words:3");
        assertThat(evalsByStep(db, "max_words:3")).as("'Echo: Hello there' has 3 words; tool calls are not judged")
                .containsOnly(Map.entry("chat:ok:stop", "1,1"), Map.entry("responses:ok:completed", "1"));

        ForkedApp.Result offline = cli(Map.of(), "eval", "--db", db.toString(), "--evaluators-path",
                EXAMPLE_JAR.toString(), "--evaluator", "max_words:2");
        assertThat(offline.exitCode()).as(offline.toString()).isZero();
        assertThat(offline.stdout()).contains("3 results written (0 passed, 3 failed, 0 errors)");
        ForkedApp.Result again = cli(Map.of(), "eval", "--db", db.toString(), "--evaluators-path",
                EXAMPLE_JAR.toString(), "--evaluator", "max_words:2,max_words:3");
        assertThat(again.stdout()).as(again.toString()).contains("0 results written", "6 already evaluated");
        ForkedApp.Result unknown = cli(Map.of(), "eval", "--db", db.toString(), "--evaluator", "max_words:2");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("traceflow: unknown evaluator 'max_words'");
    }

    @Test
    void throwingAndHangingEvaluatorsNeitherAffectTheAppNorTheWriter(@TempDir Path dir) throws Exception {
        assertThat(MISBEHAVING_JAR).isRegularFile();
        Path db = dir.resolve("misbehaving.db");
        long start = System.nanoTime();
        traced(db, "traceflow.evals.path", MISBEHAVING_JAR.toString(), "traceflow.evals",
                "throws,hangs,max_latency_ms:2000", "traceflow.evals.timeout.ms", "300");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(seconds).as("the JVM exits despite a hung evaluator").isLessThan(60);
        assertThat(Db.count(db, "SELECT count(*) FROM steps")).isEqualTo(SCENARIOS.length);
        assertThat(Db.count(db, "SELECT count(*) FROM evals WHERE name = 'max_latency_ms:2000'"))
                .isEqualTo(SCENARIOS.length);
        assertThat(Db.count(db, "SELECT count(*) FROM evals WHERE name = 'throws' AND passed IS NULL"
                + " AND detail = 'error: java.lang.IllegalStateException: this evaluator always throws'"))
                .isEqualTo(SCENARIOS.length);
        assertThat(Db.rows(db, "SELECT detail FROM evals WHERE name = 'hangs'")).hasSize(SCENARIOS.length)
                .extracting(r -> ((String) r.get("detail")).replaceAll("after \\d+ ms", "after N ms"))
                .allSatisfy(d -> assertThat(d).isIn("error: timed out after N ms (traceflow.evals.timeout.ms)",
                        "error: not run: earlier calls of this evaluator are still running past their time limit"
                                + " (traceflow.evals.timeout.ms)"));
    }

    @Test
    void backfillOverLastWeeksStepsWithTheJudgeIsIdempotentAndReported(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("backfill.db");
        traced(db);
        assertThat(Db.count(db, "SELECT count(*) FROM evals")).isZero();
        Map<String, String> judge = Map.of("traceflow.judge.url", server.baseUrl());
        ForkedApp.Result first = cli(judge, "eval", "--db", db.toString(), "--evaluator", "llm_judge", "--since", "7d",
                "--evaluator", "max_latency_ms:60000");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdout()).contains("evaluated 6 steps and 0 traces",
                "10 results written (9 passed, 1 failed, 0 errors)");
        assertThat(first.stderr()).contains("judging with gpt-4o-mini at " + server.baseUrl());
        ForkedApp.Result second = cli(judge, "eval", "--db", db.toString(), "--evaluator", "llm_judge,max_latency_ms:60000",
                "--since", "7d");
        assertThat(second.stdout()).contains("0 results written", "10 already evaluated");
        assertThat(Db.count(db, "SELECT count(*) FROM evals")).isEqualTo(10);

        ForkedApp.Result report = cli(Map.of(), "eval", "report", "--db", db.toString(), "--since", "7d");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.stdout()).contains("By evaluator", "By model", "By trace name", "Worst failing steps")
                .containsPattern("(?m)^llm_judge +4 +3 +1 +0 +75\\.0% +0\\.600$")
                .containsPattern("(?m)^max_latency_ms:60000 +6 +6 +0 +0 +100\\.0%")
                .contains("no answer: the call failed");
    }
}
