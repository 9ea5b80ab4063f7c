package io.traceflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resolution through {@link ConfigLoader#load(Map, Map)} with fake system properties and environment: the real
 * ones are never read or changed, so these tests cannot leak into each other or into the build's JVM.
 */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    /** Where a value can come from; each test that cares about the source runs once per source. */
    enum Source { SYSTEM_PROPERTY, ENVIRONMENT, CONFIG_FILE }

    /** Builder for one load: fake system properties, a fake environment and, optionally, a config file. */
    private final class Inputs {
        final Map<String, String> sysprops = new LinkedHashMap<>();
        final Map<String, String> env = new LinkedHashMap<>();
        final Properties file = new Properties();

        Inputs set(Source source, Setting<?> setting, String raw) {
            return set(source, setting.key(), raw);
        }

        /** {@code key} is always the dotted key; for the environment it is mapped like a real setting's. */
        Inputs set(Source source, String key, String raw) {
            switch (source) {
                case SYSTEM_PROPERTY -> sysprops.put(key, raw);
                case ENVIRONMENT -> env.put(Setting.toEnvName(key), raw);
                case CONFIG_FILE -> file.setProperty(key, raw);
                default -> throw new AssertionError(source);
            }
            return this;
        }

        Config load() throws IOException {
            if (!file.isEmpty()) {
                Path path = dir.resolve("traceflow-" + System.nanoTime() + ".properties");
                // store() escapes what needs escaping, so any raw value reaches the loader unchanged.
                try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
                    file.store(w, null);
                }
                sysprops.putIfAbsent(Settings.CONFIG.key(), path.toString());
            }
            return ConfigLoader.load(sysprops, env);
        }
    }

    private static Config load(Map<String, String> sysprops, Map<String, String> env) {
        return ConfigLoader.load(sysprops, env);
    }

    private Path writeFile(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path;
    }

    @Nested
    class Precedence {

        @Test
        void systemPropertyBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
            Path file = writeFile("all.properties", "traceflow.batch.size=3\n");
            Map<String, String> sysprops = new HashMap<>(Map.of("traceflow.config", file.toString()));

            assertThat(load(Map.of(), Map.of()).get(Settings.BATCH_SIZE)).isEqualTo(1024);
            assertThat(load(sysprops, Map.of()).get(Settings.BATCH_SIZE)).isEqualTo(3);
            assertThat(load(sysprops, Map.of("TRACEFLOW_BATCH_SIZE", "2")).get(Settings.BATCH_SIZE)).isEqualTo(2);
            sysprops.put("traceflow.batch.size", "1");
            assertThat(load(sysprops, Map.of("TRACEFLOW_BATCH_SIZE", "2")).get(Settings.BATCH_SIZE)).isEqualTo(1);
        }

        @Test
        void eachSettingIsResolvedOnItsOwnAcrossSources() throws IOException {
            Config config = new Inputs()
                    .set(Source.SYSTEM_PROPERTY, Settings.LOG_LEVEL, "debug")
                    .set(Source.ENVIRONMENT, Settings.QUEUE_CAPACITY, "10")
                    .set(Source.CONFIG_FILE, Settings.CAPTURE_CONTENT, "false")
                    .load();
            assertThat(config.problems()).isEmpty();
            assertThat(config.get(Settings.LOG_LEVEL)).isEqualTo("debug");
            assertThat(config.get(Settings.QUEUE_CAPACITY)).isEqualTo(10);
            assertThat(config.get(Settings.CAPTURE_CONTENT)).isFalse();
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(1024);
        }

        @Test
        void aBadWinningValueFallsBackToTheDefaultNotToALowerSource() throws IOException {
            // Falling back to the env value would silently run with a setting the user meant to replace.
            Config config = new Inputs()
                    .set(Source.SYSTEM_PROPERTY, Settings.BATCH_SIZE, "lots")
                    .set(Source.ENVIRONMENT, Settings.BATCH_SIZE, "7")
                    .load();
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(1024);
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("traceflow.batch.size=lots", "system property -Dtraceflow.batch.size");
        }

        @Test
        void aShadowedValueIsNotValidated() throws IOException {
            Config config = new Inputs()
                    .set(Source.SYSTEM_PROPERTY, Settings.BATCH_SIZE, "7")
                    .set(Source.ENVIRONMENT, Settings.BATCH_SIZE, "lots")
                    .set(Source.CONFIG_FILE, Settings.BATCH_SIZE, "-1")
                    .load();
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(7);
            assertThat(config.problems()).isEmpty();
        }

        @Test
        void explicitSettingsRecordTheWinningRawTextOfValidValuesOnly() throws IOException {
            Config config = new Inputs()
                    .set(Source.SYSTEM_PROPERTY, Settings.BATCH_SIZE, " 7 ")
                    .set(Source.ENVIRONMENT, Settings.BATCH_SIZE, "8")
                    .set(Source.ENVIRONMENT, Settings.LOG_LEVEL, "WARN")
                    .set(Source.ENVIRONMENT, Settings.QUEUE_CAPACITY, "abc")
                    .load();
            assertThat(config.explicitSettings())
                    .containsEntry("traceflow.batch.size", " 7 ")
                    .containsEntry("traceflow.log.level", "WARN")
                    .doesNotContainKey("traceflow.queue.capacity");
        }

        @Test
        void nonTraceflowPropertiesAndVariablesAreIgnored() {
            Config config = load(Map.of("java.home", "/jdk", "user.dir", "/app", "traceflowish", "1"),
                    Map.of("PATH", "/bin", "HOME", "/root", "TRACEFLOWX", "1", "traceflow_batch_size", "5"));
            assertThat(config.problems()).isEmpty();
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(1024);
        }
    }

    @Nested
    class EnvironmentNames {

        @Test
        void everySettingCanBeSetThroughItsEnvironmentVariable() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TRACEFLOW_ENABLED", "false");
            env.put("TRACEFLOW_DB", "/tmp/x.db");
            env.put("TRACEFLOW_QUEUE_CAPACITY", "11");
            env.put("TRACEFLOW_FLUSH_INTERVAL_MS", "12");
            env.put("TRACEFLOW_BATCH_SIZE", "13");
            env.put("TRACEFLOW_LOG_LEVEL", "error");
            env.put("TRACEFLOW_CAPTURE_CONTENT", "false");
            env.put("TRACEFLOW_CAPTURE_MAX_CHARS", "100");
            env.put("TRACEFLOW_INSTRUMENTATIONS", "openai");
            env.put("TRACEFLOW_REDACT", "secret\\d+");

            Config config = load(Map.of(), env);

            assertThat(config.problems()).isEmpty();
            assertThat(config.get(Settings.ENABLED)).isFalse();
            assertThat(config.get(Settings.DB)).isEqualTo(Paths.get("/tmp/x.db"));
            assertThat(config.get(Settings.QUEUE_CAPACITY)).isEqualTo(11);
            assertThat(config.get(Settings.FLUSH_INTERVAL_MS)).isEqualTo(12);
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(13);
            assertThat(config.get(Settings.LOG_LEVEL)).isEqualTo("error");
            assertThat(config.get(Settings.CAPTURE_CONTENT)).isFalse();
            assertThat(config.get(Settings.CAPTURE_MAX_CHARS)).isEqualTo(100);
            assertThat(config.get(Settings.INSTRUMENTATIONS)).containsExactly("openai");
            assertThat(config.get(Settings.REDACT)).extracting(Pattern::pattern).containsExactly("secret\\d+");
        }

        @Test
        void theDottedKeyIsNotAnEnvironmentVariableName() {
            // Shells cannot export dotted names; only TRACEFLOW_* counts, so a dotted env entry is not ours.
            Config config = load(Map.of(), Map.of("traceflow.batch.size", "5"));
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(1024);
            assertThat(config.problems()).isEmpty();
        }
    }

    @Nested
    class ConfigFile {

        @Test
        void isNamedByASystemProperty() throws IOException {
            Path file = writeFile("a.properties", "# comment\n  traceflow.batch.size = 7\ntraceflow.log.level:warn\n");
            Config config = load(Map.of("traceflow.config", file.toString()), Map.of());
            assertThat(config.problems()).isEmpty();
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(7);
            assertThat(config.get(Settings.LOG_LEVEL)).isEqualTo("warn");
            assertThat(config.get(Settings.CONFIG)).isEqualTo(file.toString());
        }

        @Test
        void isNamedByAnEnvironmentVariable() throws IOException {
            Path file = writeFile("b.properties", "traceflow.batch.size=8\n");
            Config config = load(Map.of(), Map.of("TRACEFLOW_CONFIG", file.toString()));
            assertThat(config.problems()).isEmpty();
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(8);
        }

        @Test
        void theSystemPropertyNamingAFileBeatsTheEnvironmentVariable() throws IOException {
            Path fromProp = writeFile("prop.properties", "traceflow.batch.size=1\n");
            Path fromEnv = writeFile("env.properties", "traceflow.batch.size=2\n");
            Config config = load(Map.of("traceflow.config", fromProp.toString()),
                    Map.of("TRACEFLOW_CONFIG", fromEnv.toString()));
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(1);
        }

        @Test
        void isReadAsUtf8() throws IOException {
            Path file = writeFile("utf8.properties", "traceflow.db=/tmp/tr\u00e4ces-\u65e5\u672c.db\n");
            Config config = load(Map.of("traceflow.config", file.toString()), Map.of());
            assertThat(config.problems()).isEmpty();
            assertThat(config.get(Settings.DB)).isEqualTo(Paths.get("/tmp/tr\u00e4ces-\u65e5\u672c.db"));
        }

        @Test
        void canSwitchTracingOff() throws IOException {
            Path file = writeFile("off.properties", "traceflow.enabled=false\n");
            assertThat(load(Map.of("traceflow.config", file.toString()), Map.of()).tracingOff()).isTrue();
        }

        @Test
        void blankNameMeansNoFile() {
            Config config = load(Map.of("traceflow.config", "  "), Map.of());
            assertThat(config.problems()).isEmpty();
            assertThat(config.get(Settings.CONFIG)).isEmpty();
        }

        @Test
        void aMissingFileIsOneProblemAndEverythingElseStillWorks() {
            String missing = dir.resolve("nope.properties").toString();
            Config config = load(Map.of("traceflow.config", missing, "traceflow.batch.size", "9"), Map.of());

            assertThat(config.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("traceflow.config");
                assertThat(p.fatal()).isFalse();
                assertThat(p.message()).contains("traceflow.config=" + missing,
                        "allowed: a readable properties file", "does not exist", "ignored");
            });
            assertThat(config.tracingOff()).isFalse();
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(9);
        }

        @Test
        void aMissingFileNamedByTheEnvironmentIsReportedToo() {
            String missing = dir.resolve("nope.properties").toString();
            Config config = load(Map.of(), Map.of("TRACEFLOW_CONFIG", missing));
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("traceflow.config=" + missing, "does not exist");
        }

        @Test
        void anUnreadableFileIsOneProblem() {
            // A directory cannot be read as a file even by root, unlike a chmod 000 file (CI often runs as root).
            Config config = load(Map.of("traceflow.config", dir.toString()), Map.of());
            assertThat(config.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("traceflow.config");
                assertThat(p.fatal()).isFalse();
                assertThat(p.message()).contains("traceflow.config=" + dir, "allowed: a readable properties file",
                        "reading it failed");
            });
            assertThat(config.tracingOff()).isFalse();
        }

        @Test
        void aMalformedFileIsOneProblem() throws IOException {
            Path file = writeFile("bad-escape.properties", "traceflow.batch.size=\\uZZZZ\n");
            Config config = load(Map.of("traceflow.config", file.toString()), Map.of());
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("traceflow.config=" + file, "reading it failed");
            assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(1024);
        }

        @Test
        void aFileThatIsNotUtf8IsOneProblem() throws IOException {
            Path file = dir.resolve("latin1.properties");
            Files.write(file, "traceflow.db=/tmp/tr\u00e4ces.db\n".getBytes(StandardCharsets.ISO_8859_1));
            Config config = load(Map.of("traceflow.config", file.toString()), Map.of());
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("traceflow.config=" + file, "reading it failed");
        }

        @Test
        void aFileNameThePlatformCannotRepresentIsOneProblemNotACrash() {
            // The loader promises never to throw: a crash here would take the user's application down with it.
            String name = "bad\u0000name.properties";
            assertThatCode(() -> load(Map.of("traceflow.config", name), Map.of())).doesNotThrowAnyException();
            Config config = load(Map.of("traceflow.config", name), Map.of());
            assertThat(config.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("traceflow.config");
                assertThat(p.message()).contains("traceflow.config=" + name, "allowed: a readable properties file");
            });
        }
    }

    @Nested
    class BadValues {

        /** Each bad value, with the text that must appear after "allowed: ". */
        static Stream<Arguments> badValues() {
            List<Arguments> cases = List.of(
                    Arguments.of(Settings.QUEUE_CAPACITY, "abc", "an integer from 1 to 10000000"),
                    Arguments.of(Settings.QUEUE_CAPACITY, "-5", "an integer from 1 to 10000000"),
                    Arguments.of(Settings.QUEUE_CAPACITY, "0", "an integer from 1 to 10000000"),
                    Arguments.of(Settings.QUEUE_CAPACITY, "99999999999", "an integer from 1 to 10000000"),
                    Arguments.of(Settings.FLUSH_INTERVAL_MS, "60001", "an integer from 1 to 60000"),
                    Arguments.of(Settings.BATCH_SIZE, "1.5", "an integer from 1 to 100000"),
                    Arguments.of(Settings.CAPTURE_MAX_CHARS, "15", "an integer from 16 to 100000000"),
                    Arguments.of(Settings.LOG_LEVEL, "verbose", "one of off, error, warn, info, debug"),
                    Arguments.of(Settings.CAPTURE_CONTENT, "yes", "true or false"),
                    Arguments.of(Settings.INSTRUMENTATIONS, "openai;spring",
                            "a comma-separated list of instrumentation names; or all; or none"),
                    Arguments.of(Settings.REDACT, "sk-\\w+;;[a-", "Java regular expressions separated by ;;"),
                    Arguments.of(Settings.DB, "", "a file path"),
                    Arguments.of(Settings.ENABLED, "maybe", "true or false"));
            return Stream.of(Source.values())
                    .flatMap(source -> cases.stream().map(c -> Arguments.of(source, c.get()[0], c.get()[1], c.get()[2])));
        }

        @ParameterizedTest(name = "{0}: {1}={2}")
        @MethodSource("badValues")
        void oneProblemNamingKeyValueAndWhatIsAllowed(Source source, Setting<?> setting, String raw, String allowed)
                throws IOException {
            Config config = new Inputs().set(source, setting, raw).load();

            String shown = raw.isEmpty() ? "''" : raw;
            assertThat(config.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo(setting.key());
                assertThat(p.message()).contains(setting.key() + "=" + shown).contains("allowed: " + allowed);
                assertThat(p.fatal()).isEqualTo(setting.essential());
            });
            // Compared as text: Pattern has no equals(), and its toString() is the regex.
            assertThat(String.valueOf(config.get(setting))).isEqualTo(String.valueOf(setting.defaultValue()));
            assertThat(config.tracingOff()).isEqualTo(setting.essential());
        }

        @ParameterizedTest
        @EnumSource(Source.class)
        void theMessageSaysWhereTheValueCameFrom(Source source) throws IOException {
            Config config = new Inputs().set(source, Settings.BATCH_SIZE, "abc").load();
            String origin = switch (source) {
                case SYSTEM_PROPERTY -> "(system property -Dtraceflow.batch.size)";
                case ENVIRONMENT -> "(environment variable TRACEFLOW_BATCH_SIZE)";
                case CONFIG_FILE -> "(config file)";
            };
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains(origin);
        }

        @Test
        void theWholeMessageReadsAsOneLine() {
            Config config = load(Map.of("traceflow.queue.capacity", "abc"), Map.of());
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).isEqualTo(
                    "invalid setting traceflow.queue.capacity=abc (system property -Dtraceflow.queue.capacity):"
                            + " allowed: an integer from 1 to 10000000. Using the default (65536).");
        }

        @Test
        void aBadRegexNamesTheBadPatternAndTheEngineReason() {
            Config config = load(Map.of(), Map.of("TRACEFLOW_REDACT", "token=\\w+;;(unclosed"));
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("traceflow.redact=token=\\w+;;(unclosed", "in '(unclosed'", "Unclosed group",
                            "Using the default (" + Settings.REDACT.defaultText() + ")");
            assertThat(config.get(Settings.REDACT)).hasSize(2);
        }

        @Test
        void severalBadValuesGiveOneProblemEachInSettingsOrder() {
            Map<String, String> sysprops = new LinkedHashMap<>();
            sysprops.put("traceflow.log.level", "loud");
            sysprops.put("traceflow.batch.size", "0");
            sysprops.put("traceflow.queue.capacity", "x");
            Config config = load(sysprops, Map.of());
            assertThat(config.problems()).extracting(ConfigProblem::key)
                    .containsExactly("traceflow.queue.capacity", "traceflow.batch.size", "traceflow.log.level");
            assertThat(config.tracingOff()).isFalse();
        }

        @Test
        void garbageInEverySettingNeverThrowsAndGivesAtMostOneProblemPerSetting() {
            for (String garbage : List.of("", " ", "\u0000", "%%%", "\\", "[", ";;;;", "-2147483649")) {
                Map<String, String> sysprops = new LinkedHashMap<>();
                Settings.ALL.stream().filter(s -> s != Settings.CONFIG).forEach(s -> sysprops.put(s.key(), garbage));
                Config config = load(sysprops, Map.of());
                assertThat(config.problems()).extracting(ConfigProblem::key).as(garbage).doesNotHaveDuplicates();
                for (Setting<?> s : Settings.ALL) {
                    assertThat((Object) config.get(s)).as(s.key() + " with " + garbage).isNotNull();
                }
            }
        }
    }

    @Nested
    class MasterSwitch {

        @Test
        void enabledFalseTurnsTracingOffWithoutAProblem() {
            Config config = load(Map.of("traceflow.enabled", "false"), Map.of());
            assertThat(config.tracingOff()).isTrue();
            assertThat(config.problems()).isEmpty();
        }

        @Test
        void anUnreadableMasterSwitchTurnsTracingOffBecauseTheIntentIsUnknown() {
            Config config = load(Map.of("traceflow.enabled", "maybe"), Map.of());
            assertThat(config.tracingOff()).isTrue();
            assertThat(config.problems()).singleElement().satisfies(p -> {
                assertThat(p.fatal()).isTrue();
                assertThat(p.message()).isEqualTo("invalid setting traceflow.enabled=maybe (system property"
                        + " -Dtraceflow.enabled): allowed: true or false. TraceFlow is off until this is fixed.");
            });
        }

        @Test
        void aBadOrdinarySettingLeavesTracingOn() {
            Config config = load(Map.of("traceflow.log.level", "loud"), Map.of());
            assertThat(config.tracingOff()).isFalse();
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::fatal).isEqualTo(false);
        }
    }

    @Nested
    class Instrumentations {

        @Test
        void allNoneAndAList() {
            assertThat(load(Map.of("traceflow.instrumentations", "all"), Map.of()).get(Settings.INSTRUMENTATIONS))
                    .containsExactly("all");
            assertThat(load(Map.of("traceflow.instrumentations", "none"), Map.of()).get(Settings.INSTRUMENTATIONS))
                    .isEmpty();
            assertThat(load(Map.of(), Map.of("TRACEFLOW_INSTRUMENTATIONS", "langchain4j"))
                    .get(Settings.INSTRUMENTATIONS)).containsExactly("langchain4j");
        }

        @Test
        void somethingThatIsNoListOfNamesKeepsTheDefaultOfAll() {
            Config config = load(Map.of("traceflow.instrumentations", "openai;langchain"), Map.of());
            assertThat(config.get(Settings.INSTRUMENTATIONS)).containsExactly("all");
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("traceflow.instrumentations=openai;langchain",
                            "allowed: a comma-separated list of instrumentation names; or all; or none",
                            "Using the default (all)");
        }
    }

    @Nested
    class UnknownKeys {

        @Test
        void aTypoedSystemPropertyIsOneProblemWithASuggestion() {
            Config config = load(Map.of("traceflow.queue.capacty", "5"), Map.of());
            assertThat(config.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("traceflow.queue.capacty");
                assertThat(p.fatal()).isFalse();
                assertThat(p.message()).contains("unknown setting traceflow.queue.capacty=5 (system property)",
                        "did you mean traceflow.queue.capacity?", "ignored", "docs/configuration.md");
            });
            assertThat(config.get(Settings.QUEUE_CAPACITY)).isEqualTo(65_536);
            assertThat(config.tracingOff()).isFalse();
        }

        @Test
        void aTypoedEnvironmentVariableSuggestsTheVariableToSet() {
            // The user is editing an environment variable: the fix they need is its name, not the dotted key.
            Config config = load(Map.of(), Map.of("TRACEFLOW_QUEUE_CAPACTY", "5"));
            assertThat(config.problems()).singleElement().satisfies(p -> {
                assertThat(p.fatal()).isFalse();
                assertThat(p.message()).contains("unknown setting TRACEFLOW_QUEUE_CAPACTY=5 (environment variable)",
                        "did you mean TRACEFLOW_QUEUE_CAPACITY?", "ignored");
            });
        }

        @Test
        void aTypoedFileKeyIsOneProblemWithASuggestion() throws IOException {
            Path file = writeFile("typo.properties", "traceflow.batch.sise=5\n");
            Config config = load(Map.of("traceflow.config", file.toString()), Map.of());
            assertThat(config.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("traceflow.batch.sise");
                assertThat(p.message()).contains("unknown setting traceflow.batch.sise=5 (config file)",
                        "did you mean traceflow.batch.size?");
            });
        }

        @Test
        void caseMistakesAreSuggestedToo() {
            Config config = load(Map.of("traceflow.Enabled", "false"), Map.of());
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("did you mean traceflow.enabled?");
            // An unknown key never takes effect, even when it looks like a real one.
            assertThat(config.tracingOff()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(Source.class)
        void anUnrelatedKeyGetsNoSuggestion(Source source) throws IOException {
            Config config = new Inputs().set(source, "traceflow.completely.different", "1").load();
            assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("unknown setting").doesNotContain("did you mean");
        }

        @Test
        void theSameTypoInTwoSourcesIsReportedForEach() throws IOException {
            Config config = new Inputs()
                    .set(Source.SYSTEM_PROPERTY, "traceflow.batch.sizes", "5")
                    .set(Source.ENVIRONMENT, "traceflow.batch.sizes", "5")
                    .load();
            assertThat(config.problems()).hasSize(2).extracting(ConfigProblem::message)
                    .anySatisfy(m -> assertThat(m).contains("(system property)"))
                    .anySatisfy(m -> assertThat(m).contains("(environment variable)"));
        }

        @Test
        void suggestionIsOnlyForNearMisses() {
            assertThat(ConfigLoader.suggestion("traceflow.db.path")).isEmpty();
            assertThat(ConfigLoader.suggestion("traceflow.redcat")).isEqualTo(", did you mean traceflow.redact?");
            assertThat(ConfigLoader.suggestion("traceflow.flush.interval")).isEqualTo(
                    ", did you mean traceflow.flush.interval.ms?");
        }
    }
}
