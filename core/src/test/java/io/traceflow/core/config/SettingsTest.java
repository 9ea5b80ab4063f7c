package io.traceflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The registry itself: every default parses, names are unique, and env names follow the one mapping rule. */
class SettingsTest {

    @Test
    void everyDefaultParsesWithItsOwnParser() throws Exception {
        for (Setting<?> setting : Settings.ALL) {
            // parse() directly, so a broken default fails here with its key instead of inside the loader.
            assertThat(setting.parse(setting.defaultText())).as(setting.key()).isNotNull();
        }
    }

    @Test
    void defaultsResolveToTheDocumentedValues() {
        Config config = Config.defaults();
        assertThat(config.problems()).isEmpty();
        assertThat(config.tracingOff()).isFalse();
        assertThat(config.explicitSettings()).isEmpty();
        assertThat(config.get(Settings.ENABLED)).isTrue();
        assertThat(config.get(Settings.CONFIG)).isEmpty();
        assertThat(config.get(Settings.DB)).isEqualTo(Paths.get("./traceflow.db"));
        assertThat(config.get(Settings.QUEUE_CAPACITY)).isEqualTo(65_536);
        assertThat(config.get(Settings.FLUSH_INTERVAL_MS)).isEqualTo(200);
        assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(1024);
        assertThat(config.get(Settings.LOG_LEVEL)).isEqualTo("info");
        assertThat(config.get(Settings.CAPTURE_CONTENT)).isTrue();
        assertThat(config.get(Settings.CAPTURE_MAX_CHARS)).isEqualTo(200_000);
        assertThat(config.get(Settings.INSTRUMENTATIONS)).containsExactly("all");
        assertThat(config.get(Settings.REDACT)).extracting(Pattern::pattern)
                .containsExactly("sk-[A-Za-z0-9_-]{16,}", "(?i)bearer\\s+[A-Za-z0-9._~+/=-]{8,}");
        assertThat(config.get(Settings.UI_PORT)).isEmpty();
        assertThat(config.get(Settings.UI_BIND)).isEqualTo("127.0.0.1");
        assertThat(config.get(Settings.UI_TOKEN)).isEmpty();
        assertThat(config.get(Settings.PRICES)).isEmpty();
        assertThat(config.get(Settings.EVALS)).isEmpty();
        assertThat(config.get(Settings.EVALS_PATH)).isEmpty();
        assertThat(config.get(Settings.EVALS_TIMEOUT_MS)).isEqualTo(30_000);
        assertThat(config.get(Settings.JUDGE_URL)).isEqualTo("https://api.openai.com/v1");
        assertThat(config.get(Settings.JUDGE_MODEL)).isEqualTo("gpt-4o-mini");
        assertThat(config.get(Settings.JUDGE_API_KEY)).isEmpty();
    }

    @Test
    void secretsAreTheJudgeKeyAndTheViewerTokenAndTheirValuesAreNeverRecordedOrPrinted() {
        assertThat(Settings.ALL.stream().filter(Setting::secret))
                .containsExactlyInAnyOrder(Settings.JUDGE_API_KEY, Settings.UI_TOKEN);
        String key = "sk-judge-0123456789abcdefghijklmnop";
        Config config = ConfigLoader.load(Map.of("traceflow.judge.api.key", key, "traceflow.judge.apikey", key,
                "traceflow.evals", "json_valid"), Map.of("TRACEFLOW_JUDGE_API_KEX", key));
        assertThat(config.get(Settings.JUDGE_API_KEY)).isEqualTo(key);
        assertThat(config.explicitSettings()).containsEntry("traceflow.judge.api.key", "[REDACTED]")
                .containsEntry("traceflow.evals", "json_valid");
        assertThat(config.explicitSettings().toString()).doesNotContain(key);
        assertThat(config.problems()).hasSize(2)
                .allSatisfy(p -> assertThat(p.message()).doesNotContain(key).contains("[REDACTED]"));
    }

    @Test
    void evaluatorSpecsAreCheckedWhenTheSettingIsRead() {
        Config config = ConfigLoader.load(Map.of("traceflow.evals",
                "json_valid, max_latency_ms:2000{model=gpt-4o*}, regex:^a{1,3}$"), Map.of());
        assertThat(config.problems()).isEmpty();
        assertThat(config.get(Settings.EVALS)).extracting(Object::toString)
                .containsExactly("json_valid", "max_latency_ms:2000{model=gpt-4o*}", "regex:^a{1,3}$");
        Config bad = ConfigLoader.load(Map.of("traceflow.evals", "json_valid,Not A Spec"), Map.of());
        assertThat(bad.get(Settings.EVALS)).isEmpty();
        assertThat(bad.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("traceflow.evals", "Not A Spec", "allowed"));
    }

    @Test
    void everySettingHasAValueInTheDefaults() {
        Config config = Config.defaults();
        for (Setting<?> setting : Settings.ALL) {
            assertThat((Object) config.get(setting)).as(setting.key()).isNotNull();
        }
    }

    @Test
    void envNamesAreTheKeyWithDotsAsUnderscoresInUpperCase() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("traceflow.enabled", "TRACEFLOW_ENABLED");
        expected.put("traceflow.config", "TRACEFLOW_CONFIG");
        expected.put("traceflow.db", "TRACEFLOW_DB");
        expected.put("traceflow.queue.capacity", "TRACEFLOW_QUEUE_CAPACITY");
        expected.put("traceflow.flush.interval.ms", "TRACEFLOW_FLUSH_INTERVAL_MS");
        expected.put("traceflow.batch.size", "TRACEFLOW_BATCH_SIZE");
        expected.put("traceflow.log.level", "TRACEFLOW_LOG_LEVEL");
        expected.put("traceflow.capture.content", "TRACEFLOW_CAPTURE_CONTENT");
        expected.put("traceflow.capture.max.chars", "TRACEFLOW_CAPTURE_MAX_CHARS");
        expected.put("traceflow.instrumentations", "TRACEFLOW_INSTRUMENTATIONS");
        expected.put("traceflow.trace.methods", "TRACEFLOW_TRACE_METHODS");
        expected.put("traceflow.redact", "TRACEFLOW_REDACT");
        expected.put("traceflow.cache", "TRACEFLOW_CACHE");
        expected.put("traceflow.cache.namespace", "TRACEFLOW_CACHE_NAMESPACE");
        expected.put("traceflow.cache.key.ignore", "TRACEFLOW_CACHE_KEY_IGNORE");
        expected.put("traceflow.cache.only.deterministic", "TRACEFLOW_CACHE_ONLY_DETERMINISTIC");
        expected.put("traceflow.cache.ttl", "TRACEFLOW_CACHE_TTL");
        expected.put("traceflow.evals", "TRACEFLOW_EVALS");
        expected.put("traceflow.evals.path", "TRACEFLOW_EVALS_PATH");
        expected.put("traceflow.evals.timeout.ms", "TRACEFLOW_EVALS_TIMEOUT_MS");
        expected.put("traceflow.judge.url", "TRACEFLOW_JUDGE_URL");
        expected.put("traceflow.judge.model", "TRACEFLOW_JUDGE_MODEL");
        expected.put("traceflow.judge.api.key", "TRACEFLOW_JUDGE_API_KEY");
        expected.put("traceflow.ui.port", "TRACEFLOW_UI_PORT");
        expected.put("traceflow.ui.bind", "TRACEFLOW_UI_BIND");
        expected.put("traceflow.ui.token", "TRACEFLOW_UI_TOKEN");
        expected.put("traceflow.prices", "TRACEFLOW_PRICES");

        Map<String, String> actual = new LinkedHashMap<>();
        Settings.ALL.forEach(s -> actual.put(s.key(), s.envName()));
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void keysAndEnvNamesAreUniqueSoNoTwoSettingsShadowEachOther() {
        List<String> keys = Settings.ALL.stream().map(Setting::key).toList();
        List<String> envNames = Settings.ALL.stream().map(Setting::envName).toList();
        assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k.startsWith("traceflow."));
        assertThat(envNames).doesNotHaveDuplicates().allMatch(n -> n.startsWith("TRACEFLOW_"));
    }

    @Test
    void everySettingIsDocumentedWithATypeAndAMeaning() {
        for (Setting<?> setting : Settings.ALL) {
            assertThat(setting.type()).as(setting.key()).isNotBlank();
            assertThat(setting.description()).as(setting.key()).isNotBlank();
        }
    }

    @Test
    void theViewerTokenIsASecretAndNeverRecordedAsGiven() {
        assertThat(Settings.UI_TOKEN.secret()).isTrue();
        Config config = ConfigLoader.load(Map.of("traceflow.ui.token", "s3cret-token", "traceflow.ui.port", "0"),
                Map.of());
        assertThat(config.problems()).isEmpty();
        assertThat(config.get(Settings.UI_TOKEN)).isEqualTo("s3cret-token");
        assertThat(config.get(Settings.UI_PORT)).contains(0);
        assertThat(config.explicitSettings()).containsEntry("traceflow.ui.token", "[REDACTED]")
                .containsEntry("traceflow.ui.port", "0");
        assertThat(config.explicitSettings().toString()).doesNotContain("s3cret");
    }

    @Test
    void viewerPortAndBindRejectNonsense() {
        Config config = ConfigLoader.load(Map.of("traceflow.ui.port", "70000", "traceflow.ui.bind", "http://x/"),
                Map.of());
        assertThat(config.problems()).hasSize(2);
        assertThat(config.get(Settings.UI_PORT)).isEmpty();
        assertThat(config.get(Settings.UI_BIND)).isEqualTo("127.0.0.1");
    }

    @Test
    void onlyTheMasterSwitchIsEssential() {
        assertThat(Settings.ALL.stream().filter(Setting::essential)).containsExactly(Settings.ENABLED);
    }

    @Test
    void byKeyFindsEverySettingAndNothingElse() {
        for (Setting<?> setting : Settings.ALL) {
            assertThat(Settings.byKey(setting.key())).isSameAs(setting);
        }
        assertThat(Settings.byKey("traceflow.nope")).isNull();
        assertThat(Settings.byKey("TRACEFLOW_ENABLED")).isNull();
    }
}
