package io.traceflow.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.EvalSpec;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;

/** Every built-in evaluator on crafted steps: a pass, a fail, malformed input, and steps it does not apply to. */
class BuiltInEvaluatorsTest {
    static final EvaluatorRegistry REGISTRY = EvaluatorRegistry.of(EvalEnvironment.from(Config.defaults()), List.of());

    static Evaluator evaluator(String spec) {
        return REGISTRY.configure(EvalSpec.parse(spec)).evaluator();
    }

    static EvalResult eval(String spec, StepView step) throws Exception {
        Evaluator e = evaluator(spec);
        return e.appliesTo(step) ? e.evaluate(step) : null;
    }

    static void assertPass(EvalResult r, String detail) {
        assertThat(r).isNotNull();
        assertThat(r.passed()).as(r.detail()).isTrue();
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(r.detail()).contains(detail);
    }

    static void assertFail(EvalResult r, String detail) {
        assertThat(r).isNotNull();
        assertThat(r.passed()).as(r.detail()).isFalse();
        assertThat(r.score()).isLessThan(1.0).isGreaterThanOrEqualTo(0.0);
        assertThat(r.detail()).contains(detail);
    }

    static void assertError(EvalResult r, String detail) {
        assertThat(r).isNotNull();
        assertThat(r.passed()).isNull();
        assertThat(r.score()).isNull();
        assertThat(r.detail()).startsWith("error: ").contains(detail);
    }

    static StepView embeddings() {
        return Steps.base().operation("embeddings").model("text-embedding-3-small").responseModel(null)
                .completionTokens(null).totalTokens(8L).promptTokens(8L).inputText("alpha").outputText("1 embedding(s)")
                .build();
    }

    static StepView tool() {
        return Steps.base().operation("tool").provider("langchain4j").model(null).name("getWeather")
                .inputText("{\"city\":\"Paris\"}").outputText("Sunny").promptTokens(null).completionTokens(null)
                .totalTokens(null).build();
    }

    @Nested
    class NotEmpty {
        @Test
        void textPassesToolCallsPassBlankFails() throws Exception {
            assertPass(eval("not_empty", Steps.chat("Paris.")), "6 characters");
            assertPass(eval("not_empty", Steps.toolCalls("get_weather", "{\"city\":\"Paris\"}")), "1 tool call");
            assertFail(eval("not_empty", Steps.chat("  \n")), "empty");
        }

        @Test
        void aFailedCallFailsMetadataOnlyIsAnErrorOtherOperationsAreSkipped() throws Exception {
            assertFail(eval("not_empty", Steps.failed()), "the call failed (InternalServerException: 500 boom)");
            assertError(eval("not_empty", Steps.metadataOnly()), "traceflow.capture.content=false");
            assertThat(eval("not_empty", embeddings())).isNull();
            assertThat(eval("not_empty", tool())).isNull();
        }

        @Test
        void aTruncatedAnswerCannotBeJudged() throws Exception {
            StepView cut = Steps.base().truncated(true).requestJson("{\"model\":\"gpt").responseJson("{\"choi…[truncated]")
                    .outputText("Paris is…[truncated]").build();
            assertError(eval("not_empty", cut), "cut to traceflow.capture.max.chars");
        }

        @Test
        void takesNoArgument() {
            assertThatThrownBy(() -> evaluator("not_empty:3")).hasMessageContaining("takes no argument");
        }
    }

    @Nested
    class JsonValid {
        @Test
        void validJsonPassesProseFailsWithWhereTheParserStopped() throws Exception {
            assertPass(eval("json_valid", Steps.chat(" {\"city\": \"Paris\", \"days\": 2}\n")), "valid JSON");
            assertPass(eval("json_valid", Steps.chat("[1, 2, 3]")), "valid JSON");
            assertFail(eval("json_valid", Steps.chat("The capital is Paris.")), "not valid JSON");
            assertFail(eval("json_valid", Steps.chat("{\"city\": \"Paris\"")), "line 1");
            assertFail(eval("json_valid", Steps.chat("{\"a\":1} trailing")), "not valid JSON");
            assertFail(eval("json_valid", Steps.chat("```json\n{\"a\":1}\n```")), "not valid JSON");
        }

        @Test
        void againstASchemaFile(@TempDir Path dir) throws Exception {
            Path schema = dir.resolve("weather.schema.json");
            Files.writeString(schema, Steps.WEATHER_SCHEMA);
            String spec = "json_valid:" + schema;
            assertPass(eval(spec, Steps.chat("{\"city\":\"Paris\",\"days\":3}")), "matches weather.schema.json");
            EvalResult missing = eval(spec, Steps.chat("{\"days\":0}"));
            assertFail(missing, "does not match weather.schema.json");
            assertThat(missing.detail()).contains("city").contains("days");
            assertFail(eval(spec, Steps.chat("not json")), "not valid JSON");
        }

        @Test
        void aMissingOrBrokenSchemaFileIsAConfigurationError(@TempDir Path dir) throws Exception {
            assertThatThrownBy(() -> evaluator("json_valid:" + dir.resolve("nope.json")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
            Path broken = dir.resolve("broken.json");
            Files.writeString(broken, "{not json");
            assertThatThrownBy(() -> evaluator("json_valid:" + broken)).hasMessageContaining("not a JSON Schema");
        }

        @Test
        void toolCallAnswersAreNotJudged() throws Exception {
            assertThat(eval("json_valid", Steps.toolCalls("get_weather", "{\"city\":\"Paris\"}"))).isNull();
        }

        @Test
        void readsTheAnswerOfTheResponsesApiAndLangChain4j() throws Exception {
            StepView responses = Steps.neutral(Steps.base().operation("responses").requestJson("{\"model\":\"gpt-4o-mini\"}")
                    .responseJson("{\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\","
                            + "\"text\":\"{\\\"ok\\\":true}\"}]}]}").outputText("{\"ok\":true}").build());
            assertPass(eval("json_valid", responses), "valid JSON");
            StepView lc4j = Steps.neutral(Steps.base().provider("langchain4j").requestJson("{\"messages\":[]}")
                    .responseJson("{\"text\":\"nope\",\"finish_reason\":\"stop\"}").outputText("nope").build());
            assertFail(eval("json_valid", lc4j), "not valid JSON");
        }
    }

    @Nested
    class RegexContains {
        @Test
        void regexFindsAMatchAnywhere() throws Exception {
            assertPass(eval("regex:[Pp]aris", Steps.chat("It is Paris.")), "matches /[Pp]aris/");
            assertFail(eval("regex:^\\d{3}$", Steps.chat("It is Paris.")), "no match for /^\\d{3}$/");
            assertPass(eval("regex:(?i)^it.*paris\\.$", Steps.chat("It is\nParis.")), "matches");
        }

        @Test
        void aBadRegexIsAConfigurationError() {
            assertThatThrownBy(() -> evaluator("regex:([a-z")).hasMessageContaining("Java regular expression");
            assertThatThrownBy(() -> evaluator("regex")).hasMessageContaining("needs an argument");
        }

        @Test
        void containsAndNotContainsAreCaseSensitive() throws Exception {
            assertPass(eval("contains:Paris", Steps.chat("It is Paris.")), "contains 'Paris'");
            assertFail(eval("contains:paris", Steps.chat("It is Paris.")), "does not contain 'paris'");
            assertPass(eval("not_contains:as an AI", Steps.chat("It is Paris.")), "does not contain");
            assertFail(eval("not_contains:Paris", Steps.chat("It is Paris.")), "contains 'Paris'");
            assertFail(eval("not_contains:Paris", Steps.failed()), "no answer");
            assertThatThrownBy(() -> evaluator("contains")).hasMessageContaining("needs an argument");
        }
    }

    @Nested
    class Limits {
        @Test
        void maxLatencyScoresHowFarOver() throws Exception {
            assertPass(eval("max_latency_ms:2000", Steps.chat("x")), "latency 812.5 ms <= 2000 ms");
            EvalResult slow = eval("max_latency_ms:400", Steps.chat("x"));
            assertFail(slow, "812.5 ms > 400 ms");
            assertThat(slow.score()).isCloseTo(400 / 812.5, org.assertj.core.data.Offset.offset(1e-9));
            assertPass(eval("max_latency_ms:2_000", embeddings()), "<= 2000 ms");
            assertThat(eval("max_latency_ms:2000", tool())).isNull();
            assertThat(eval("max_latency_ms:2000", Steps.base().latencyMs(null).build())).isNull();
            assertFail(eval("max_latency_ms:100", Steps.failed()), "> 100 ms");
        }

        @Test
        void maxTokensUsesTotalOrTheSum() throws Exception {
            assertPass(eval("max_tokens:120", Steps.chat("x")), "tokens 120 <= 120");
            assertFail(eval("max_tokens:60", Steps.chat("x")), "tokens 120 > 60");
            assertPass(eval("max_tokens:200", Steps.base().totalTokens(null).build()), "tokens 120");
            assertThat(eval("max_tokens:10", Steps.failed())).isNull();
        }

        @Test
        void badNumbersAreConfigurationErrors() {
            assertThatThrownBy(() -> evaluator("max_latency_ms")).hasMessageContaining("e.g. max_latency_ms:2000");
            assertThatThrownBy(() -> evaluator("max_latency_ms:fast")).hasMessageContaining("needs a number");
            assertThatThrownBy(() -> evaluator("max_tokens:-5")).hasMessageContaining("greater than 0");
            assertThatThrownBy(() -> evaluator("max_cost:0.01;in=cheap;out=1")).hasMessageContaining("in=");
        }

        @Test
        void maxCostPricesWithThePriceTable() throws Exception {
            // gpt-4o-mini-2024-07-18 (the answering snapshot) is priced as gpt-4o-mini:
            // 100 prompt tokens * 0.15/1M + 20 completion * 0.60/1M = 0.000027 USD
            assertPass(eval("max_cost:0.0001", Steps.chat("x")), "cost USD 0.000027 <= 0.0001");
            assertFail(eval("max_cost:0.00001", Steps.chat("x")), "cost USD 0.000027 > 0.00001");
            // given prices win: 100 * 10/1M + 20 * 30/1M = 0.0016
            assertFail(eval("max_cost:0.001;in=10;out=30", Steps.chat("x")), "0.0016 > 0.001");
            StepView cached = Steps.base().cachedTokens(100L).build(); // all prompt tokens cached: 100*0.075 + 20*0.6
            assertPass(eval("max_cost:0.0000196", cached), "0.0000195 <=");
            assertPass(eval("max_cost:0.0001", Steps.base().cacheHit(true).build()), "cache hit");
        }

        @Test
        void maxCostPricesADatedSnapshotWithItsOwnRowLikeTheViewer() throws Exception {
            // gpt-4o-2024-05-13 has its own list price, $5/$15 per 1M, not gpt-4o's $2.50/$10:
            // 1000 * 5/1M + 1000 * 15/1M = 0.02 USD
            StepView dated = Steps.base().model("gpt-4o").responseModel("gpt-4o-2024-05-13").promptTokens(1000L)
                    .completionTokens(1000L).totalTokens(2000L).build();
            assertPass(eval("max_cost:0.02", dated), "cost USD 0.02 <= 0.02");
            assertFail(eval("max_cost:0.0199", dated), "cost USD 0.02 > 0.0199");
            assertFail(evaluator("max_trace_cost:0.0199").evaluateTrace(StepViews.autoTrace(dated)),
                    "trace cost USD 0.02 > 0.0199");
        }

        @Test
        void maxCostOfAnUnknownModelSaysHowToGiveAPrice() throws Exception {
            StepView local = Steps.base().model("llama3:8b").responseModel("llama3:8b").build();
            assertError(eval("max_cost:0.01", local), "no price known for model llama3:8b; give one, e.g."
                    + " max_cost:0.01;in=0.15;out=0.60");
            assertPass(eval("max_cost:0.01;in=0;out=0", local), "cost USD 0 <= 0.01");
        }
    }

    @Nested
    class ToolArgsValid {
        @Test
        void validCallsPass() throws Exception {
            EvalResult r = eval("tool_args_valid", Steps.toolCalls("get_weather", "{\"city\":\"Paris\",\"days\":2}"));
            assertPass(r, "1/1 tool call(s) valid");
        }

        @Test
        void schemaViolationsUnknownToolsAndBrokenJsonFailWithAShareScore() throws Exception {
            EvalResult r = eval("tool_args_valid", Steps.toolCalls(
                    "get_weather", "{\"city\":\"Paris\"}",
                    "get_weather", "{\"days\":0}",
                    "get_time", "{}",
                    "get_weather", "{\"city\": \"Par"));
            assertThat(r.passed()).isFalse();
            assertThat(r.score()).isEqualTo(0.25);
            assertThat(r.detail()).contains("1/4 tool call(s) valid", "city", "minimum",
                    "get_time: not a tool the request offered (offered: get_weather)", "arguments are not valid JSON");
            assertFail(eval("tool_args_valid", Steps.toolCalls("get_weather", "[1]")), "not a JSON object");
        }

        @Test
        void noToolCallsMeansNoResultAndLostToolsAreAnError() throws Exception {
            assertThat(eval("tool_args_valid", Steps.chat("Paris."))).isNull();
            // Migrated from a file whose request JSON was cut: the tools it offered could not be read.
            StepView cut = Steps.toolCalls("get_weather", "{\"city\":\"Paris\"}").toBuilder()
                    .requestJson("{\"model\":\"gpt-4o-mini\",\"tools\":[{\"ty…[truncated]").toolDefinitionsJson(null)
                    .truncated(true).build();
            assertError(eval("tool_args_valid", cut), "unknown (cut to traceflow.capture.max.chars)");
            assertError(eval("tool_args_valid", Steps.metadataOnly()), "capture.content=false");
        }

        @Test
        void readsResponsesApiAndLangChain4jShapes() throws Exception {
            StepView responses = Steps.neutral(Steps.base().operation("responses")
                    .requestJson("{\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":"
                            + Steps.WEATHER_SCHEMA + "}]}")
                    .responseJson("{\"output\":[{\"type\":\"function_call\",\"name\":\"get_weather\","
                            + "\"arguments\":\"{\\\"town\\\":\\\"Paris\\\"}\"}]}").build());
            assertFail(eval("tool_args_valid", responses), "0/1");
            StepView lc4j = Steps.neutral(Steps.base().provider("langchain4j")
                    .requestJson("{\"messages\":[],\"tools\":[{\"name\":\"getWeather\",\"parameters\":"
                            + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]}")
                    .responseJson("{\"tool_calls\":[{\"id\":\"1\",\"name\":\"getWeather\",\"arguments\":"
                            + "\"{\\\"city\\\":\\\"Paris\\\"}\"}]}").build());
            assertPass(eval("tool_args_valid", lc4j), "1/1");
        }
    }

    @Nested
    class TraceLimits {
        TraceView trace(long durationMs, StepView... steps) {
            return new TraceView("01TRACE", "Assistant.chat", "ai_service", "ok", null, 1000, 1000 + durationMs,
                    "01ROOT", List.of(steps));
        }

        @Test
        void traceLatencyCostAndTokensAddUpTheModelCalls() throws Exception {
            StepView root = Steps.base().id("01ROOT").operation("ai_service").provider("langchain4j").model(null)
                    .promptTokens(null).completionTokens(null).totalTokens(null).outputText("It is sunny.").build();
            StepView call1 = Steps.chat("x").toBuilder().id("01C1").build();
            StepView call2 = Steps.chat("y").toBuilder().id("01C2").build();
            TraceView t = trace(2500, root, call1, call2, tool());
            Evaluator latency = evaluator("max_trace_latency_ms:2000");
            assertThat(latency.target()).isEqualTo(Evaluator.Target.TRACE);
            assertFail(latency.evaluateTrace(t), "trace latency 2500 ms > 2000 ms");
            assertPass(evaluator("max_trace_tokens:240").evaluateTrace(t), "trace tokens 240 <= 240");
            assertPass(evaluator("max_trace_cost:0.0001").evaluateTrace(t), "0.000054 <= 0.0001 (2 model call(s))");
            assertThat(t.linkStepId()).isEqualTo("01ROOT");
            assertThat(t.finalAnswer()).isEqualTo("It is sunny.");
            StepView local = call1.toBuilder().model("llama3").responseModel("llama3").build();
            assertError(evaluator("max_trace_cost:0.01").evaluateTrace(trace(1, root, local)), "llama3");
        }
    }
}
