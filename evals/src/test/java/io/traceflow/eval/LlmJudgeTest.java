package io.traceflow.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.config.EvalSpec;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;
import io.traceflow.eval.judge.JudgeCache;
import io.traceflow.eval.judge.JudgeClient;
import io.traceflow.fake.FakeOpenAiServer;

/** llm_judge against the fake server, which answers TraceFlow's judge prompt with a canned judgement. */
class LlmJudgeTest {
    static FakeOpenAiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = FakeOpenAiServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static EvalEnvironment env(String url, String key, JudgeCache cache) {
        Config config = ConfigLoader.load(Map.of("traceflow.judge.url", url, "traceflow.judge.model", "judge-model",
                "traceflow.judge.api.key", key, "traceflow.evals.timeout.ms", "5000"), Map.of());
        assertThat(config.problems()).isEmpty();
        return EvalEnvironment.from(config, cache, PriceTable::builtIn);
    }

    static Evaluator judge(String spec, EvalEnvironment env) {
        return EvaluatorRegistry.of(env, List.of()).configure(EvalSpec.parse(spec)).evaluator();
    }

    static Evaluator judge(String spec) {
        return judge(spec, env(server.baseUrl(), "sk-judge-key-0123456789abcdef", JudgeCache.NONE));
    }

    @Test
    void theCannedJudgementBecomesScoreReasonAndPass() throws Exception {
        int before = server.requests().size();
        Evaluator judge = judge("llm_judge");
        assertThat(judge.version()).isEqualTo("1+judge-model");
        EvalResult r = judge.evaluate(Steps.chat("Paris is the capital of France."));
        assertThat(r.score()).isEqualTo(0.8);
        assertThat(r.passed()).isTrue();
        assertThat(r.detail()).isEqualTo(FakeOpenAiServer.JUDGE_REASON);

        List<String> requests = server.requests().subList(before, server.requests().size());
        assertThat(requests).hasSize(1);
        String body = requests.get(0);
        assertThat(body).contains(JudgeClient.MARKER, "\"model\":\"judge-model\"", "Correctness",
                "What is the capital of France?", "Paris is the capital of France.", "\"temperature\":0");
        assertThat(server.authorizations().get(server.authorizations().size() - 1))
                .isEqualTo("Bearer sk-judge-key-0123456789abcdef");
    }

    @Test
    void aPassThresholdAboveTheScoreFailsAndRubricsAreChosenByName() throws Exception {
        EvalResult r = judge("llm_judge:relevance;pass=0.9").evaluate(Steps.chat("Paris."));
        assertThat(r.passed()).isFalse();
        assertThat(r.score()).isEqualTo(0.8);
        assertThat(server.requests().get(server.requests().size() - 1)).contains("Relevance:");
        assertThat(judge("llm_judge:groundedness").evaluate(Steps.chat("JUDGE_LOW Lyon.")).passed()).isFalse();
    }

    @Test
    void aCustomRubricFileIsSentAndPartOfTheVersion(@TempDir Path dir) throws Exception {
        Path rubric = dir.resolve("tone.md");
        Files.writeString(rubric, "Tone: is the answer polite and brief?");
        Evaluator judge = judge("llm_judge:" + rubric);
        assertThat(judge.version()).matches("1\\+judge-model\\+rubric:[0-9a-f]{8}");
        assertThat(judge.evaluate(Steps.chat("Paris.")).passed()).isTrue();
        assertThat(server.requests().get(server.requests().size() - 1)).contains("Tone: is the answer polite");
        assertThatThrownBy(() -> judge("llm_judge:" + dir.resolve("missing.md")))
                .hasMessageContaining("neither a built-in rubric (correctness, relevance, groundedness)");
        assertThatThrownBy(() -> judge("llm_judge:correctness;pass=2")).hasMessageContaining("pass=");
        assertThatThrownBy(() -> judge("llm_judge:correctness;target=span")).hasMessageContaining("target=");
    }

    @Test
    void judgeFailuresAreErrorResultsNotExceptions() throws Exception {
        EvalResult garbled = judge("llm_judge").evaluate(Steps.chat("JUDGE_GARBLED"));
        assertThat(garbled.isError()).isTrue();
        assertThat(garbled.detail()).contains("did not answer with a JSON verdict");
        EvalResult failed = judge("llm_judge").evaluate(Steps.chat("JUDGE_FAIL"));
        assertThat(failed.detail()).startsWith("error: the judge answered HTTP 500: The fake judge failed");
        EvalResult unreachable = judge("llm_judge", env("http://127.0.0.1:9/v1", "", JudgeCache.NONE))
                .evaluate(Steps.chat("Paris."));
        assertThat(unreachable.detail()).startsWith("error: the judge at http://127.0.0.1:9/v1 could not be reached");
        EvalResult noKey = judge("llm_judge", env("https://api.openai.com/v1", "", JudgeCache.NONE))
                .evaluate(Steps.chat("Paris."));
        if (System.getenv("OPENAI_API_KEY") == null) {
            assertThat(noKey.detail()).isEqualTo("error: no judge API key: set traceflow.judge.api.key (or OPENAI_API_KEY)");
        }
    }

    @Test
    void failedCallsAndToolCallsAreNotSentToTheJudge() throws Exception {
        int before = server.requests().size();
        assertThat(judge("llm_judge").evaluate(Steps.failed()).passed()).isFalse();
        assertThat(judge("llm_judge").evaluate(Steps.toolCalls("get_weather", "{}"))).isNull();
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void onATraceItJudgesTheFinalAnswerWithToolResultsAsContext() throws Exception {
        Evaluator judge = judge("llm_judge:groundedness;target=trace");
        assertThat(judge.target()).isEqualTo(Evaluator.Target.TRACE);
        StepView root = Steps.base().id("01ROOT").operation("ai_service").inputText("carol\nWeather in Paris?")
                .outputText("It is sunny in Paris.").build();
        StepView tool = Steps.base().id("01TOOL").operation("tool").name("getWeather").outputText("Sunny in Paris")
                .build();
        TraceView trace = new TraceView("01T", "Assistant.chat", "ai_service", "ok", null, 0, 10L, "01ROOT",
                List.of(root, Steps.toolCalls("getWeather", "{}"), tool));
        EvalResult r = judge.evaluateTrace(trace);
        assertThat(r.passed()).isTrue();
        assertThat(server.requests().get(server.requests().size() - 1))
                .contains("<context>\\ntool getWeather: Sunny in Paris", "It is sunny in Paris.", "Weather in Paris?");
        TraceView failed = new TraceView("01T", "A", "ai_service", "error", "Boom", 0, 1L, "01ROOT", List.of(root));
        assertThat(judge.evaluateTrace(failed).detail()).contains("the trace failed (Boom)");
    }

    @Test
    void theCacheSeamAnswersRepeatedJudgementsWithoutACall() throws Exception {
        Map<String, String> store = new ConcurrentHashMap<>();
        AtomicInteger stored = new AtomicInteger();
        JudgeCache cache = new JudgeCache() {
            @Override
            public String lookup(String url, String requestJson) {
                return store.get(url + requestJson);
            }

            @Override
            public void store(String url, String requestJson, String responseJson, double latencyMs) {
                stored.incrementAndGet();
                store.put(url + requestJson, responseJson);
            }
        };
        Evaluator judge = judge("llm_judge", env(server.baseUrl(), "", cache));
        int before = server.requests().size();
        EvalResult first = judge.evaluate(Steps.chat("Paris."));
        EvalResult second = judge.evaluate(Steps.chat("Paris."));
        assertThat(server.requests()).hasSize(before + 1);
        assertThat(stored).hasValue(1);
        assertThat(first.detail()).doesNotContain("[cached]");
        assertThat(second.detail()).endsWith("[cached]");
        assertThat(second.score()).isEqualTo(first.score());
        assertThat(server.authorizations().get(server.authorizations().size() - 1)).isEqualTo("null");
    }
}
