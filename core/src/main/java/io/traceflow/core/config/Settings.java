package io.traceflow.core.config;

import static io.traceflow.core.config.ValueParsers.bool;
import static io.traceflow.core.config.ValueParsers.evalSpecs;
import static io.traceflow.core.config.ValueParsers.host;
import static io.traceflow.core.config.ValueParsers.httpUrl;
import static io.traceflow.core.config.ValueParsers.intRange;
import static io.traceflow.core.config.ValueParsers.methodList;
import static io.traceflow.core.config.ValueParsers.oneOf;
import static io.traceflow.core.config.ValueParsers.optionalDuration;
import static io.traceflow.core.config.ValueParsers.pathList;
import static io.traceflow.core.config.ValueParsers.text;

import static io.traceflow.core.config.ValueParsers.optionalIntRange;
import static io.traceflow.core.config.ValueParsers.optionalText;
import static io.traceflow.core.config.ValueParsers.path;
import static io.traceflow.core.config.ValueParsers.regexList;
import static io.traceflow.core.config.ValueParsers.nameList;
import static io.traceflow.core.config.ValueParsers.wordList;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every setting TraceFlow reads, in one place. docs/configuration.md must list exactly these, with the same type
 * and default ({@code ConfigurationDocTest} fails when the two drift apart).
 */
public final class Settings {
    private Settings() {
    }

    public static final Setting<Boolean> ENABLED = new Setting<>("traceflow.enabled", "boolean", "true",
            "Master switch. false: the agent installs nothing and opens no file.", bool(), true);

    public static final Setting<String> CONFIG = new Setting<>("traceflow.config", "path", "",
            "Optional properties file with more traceflow.* settings (lowest precedence after defaults).",
            optionalText(), false);

    public static final Setting<Path> DB = new Setting<>("traceflow.db", "path", "./traceflow.db",
            "The SQLite file that traces are written to. Created, with its folder, when missing.", path(), false);

    public static final Setting<Integer> QUEUE_CAPACITY = new Setting<>("traceflow.queue.capacity", "integer 1..10000000",
            "65536",
            "Events held in memory between the app threads and the writer. When full, new events are dropped and counted, never waited for.",
            intRange(1, 10_000_000), false);

    public static final Setting<Integer> FLUSH_INTERVAL_MS = new Setting<>("traceflow.flush.interval.ms",
            "integer 1..60000 (ms)", "200",
            "Longest time an accepted event waits before the writer commits it.", intRange(1, 60_000), false);

    public static final Setting<Integer> BATCH_SIZE = new Setting<>("traceflow.batch.size", "integer 1..100000", "1024",
            "Most events the writer puts in one transaction.", intRange(1, 100_000), false);

    public static final Setting<String> LOG_LEVEL = new Setting<>("traceflow.log.level", "off|error|warn|info|debug",
            "info", "What the agent prints to stderr (prefix [traceflow]). info prints one start-up line.",
            oneOf("off", "error", "warn", "info", "debug"), false);

    public static final Setting<Boolean> CAPTURE_CONTENT = new Setting<>("traceflow.capture.content", "boolean", "true",
            "false keeps metadata only: no prompt or response text, in any column.", bool(), false);

    public static final Setting<Integer> CAPTURE_MAX_CHARS = new Setting<>("traceflow.capture.max.chars",
            "integer 16..100000000", "200000",
            "Longest text kept per field; longer text is cut and the step is marked truncated.",
            intRange(16, 100_000_000), false);

    /** In {@link #INSTRUMENTATIONS}: every instrumentation the agent has. */
    public static final String ALL_INSTRUMENTATIONS = "all";

    public static final Setting<List<String>> INSTRUMENTATIONS = new Setting<>("traceflow.instrumentations",
            "list of instrumentation names (see below); or all; or none", ALL_INSTRUMENTATIONS,
            "Which instrumentations are installed: the client libraries, and executors (keeps the trace context"
                    + " across thread pools, threads and CompletableFuture). Names the agent does not have are reported"
                    + " at start-up, and the default is used.", nameList(ALL_INSTRUMENTATIONS), false);

    public static final Setting<List<String>> TRACE_METHODS = new Setting<>("traceflow.trace.methods",
            "list of Class#method or Class#*", "",
            "App methods that are trace roots, e.g. com.acme.Agent#run,com.acme.Bot#*. Nested roots are steps of"
                    + " the outer trace.", methodList(), false);

    public static final Setting<List<Pattern>> REDACT = new Setting<>("traceflow.redact", "regexes separated by ;;",
            "sk-[A-Za-z0-9_-]{16,};;(?i)bearer\\s+[A-Za-z0-9._~+/=-]{8,}",
            "Matches are replaced by [REDACTED] in every stored text. The default catches sk-... keys and bearer tokens.",
            regexList(), false);

    public static final Setting<String> CACHE = new Setting<>("traceflow.cache", "off|read-write|read-only|replay",
            "off", "Response cache: read-write answers hits and stores successful misses; read-only answers hits only;"
                    + " replay answers every call from the cache and fails a miss without any network call.",
            oneOf("off", "read-write", "read-only", "replay"), false);

    public static final Setting<String> CACHE_NAMESPACE = new Setting<>("traceflow.cache.namespace", "text", "",
            "Separates recordings (e.g. one per test suite): part of every cache key.", optionalText(), false);

    public static final Setting<List<String>> CACHE_KEY_IGNORE = new Setting<>("traceflow.cache.key.ignore",
            "list of parameter names", "",
            "Request parameters left out of the cache key, e.g. user,seed (see docs/cache.md).", wordList(), false);

    public static final Setting<Boolean> CACHE_ONLY_DETERMINISTIC = new Setting<>(
            "traceflow.cache.only.deterministic", "boolean", "false",
            "true: calls whose temperature is not explicitly 0 are neither looked up nor stored.", bool(), false);

    public static final Setting<java.time.Duration> CACHE_TTL = new Setting<>("traceflow.cache.ttl",
            "duration (e.g. 7d, 12h)", "",
            "Entries older than this are not used (and can be cleared with cache clear). Empty: never expire.",
            optionalDuration(), false);

    public static final Setting<List<EvalSpec>> EVALS = new Setting<>("traceflow.evals", "list of evaluator specs", "",
            "Evaluators run on every recorded step (or trace), off the app's threads; results go to the evals table."
                    + " E.g. json_valid,max_latency_ms:2000. See docs/evaluations.md.", evalSpecs(), false);

    public static final Setting<List<Path>> EVALS_PATH = new Setting<>("traceflow.evals.path", "list of paths", "",
            "Jar files (or folders of jars) with your own evaluators, found with ServiceLoader.", pathList(), false);

    public static final Setting<Integer> EVALS_TIMEOUT_MS = new Setting<>("traceflow.evals.timeout.ms",
            "integer 1..600000 (ms)", "30000",
            "Longest one evaluator may take on one step (a judge call included); past it the step gets an error"
                    + " result.", intRange(1, 600_000), false);

    public static final Setting<String> JUDGE_URL = new Setting<>("traceflow.judge.url", "URL",
            "https://api.openai.com/v1", "Base URL of the OpenAI-compatible endpoint llm_judge asks.", httpUrl(),
            false);

    public static final Setting<String> JUDGE_MODEL = new Setting<>("traceflow.judge.model", "text", "gpt-4o-mini",
            "The model llm_judge asks.", text(), false);

    public static final Setting<String> JUDGE_API_KEY = new Setting<>("traceflow.judge.api.key", "secret", "",
            "API key for the judge endpoint (else OPENAI_API_KEY). Never stored or printed.", optionalText(), false,
            true);

    public static final Setting<Optional<Integer>> UI_PORT = new Setting<>("traceflow.ui.port", "integer 0..65535",
            "", "When set, the app also serves the viewer on this port (0: any free port), from a daemon thread.",
            optionalIntRange(0, 65_535), false);

    public static final Setting<String> UI_BIND = new Setting<>("traceflow.ui.bind", "host name or IP address",
            "127.0.0.1", "Address the in-app viewer listens on. Anything but a loopback address needs traceflow.ui.token.",
            host(), false);

    public static final Setting<String> UI_TOKEN = new Setting<>("traceflow.ui.token", "text", "",
            "Secret every viewer request must carry (cookie, Authorization: Bearer, or ?token= once). Never stored.",
            optionalText(), false, true);

    public static final Setting<String> PRICES = new Setting<>("traceflow.prices", "path", "",
            "JSON file of model prices (USD per million tokens) that extends and overrides the built-in table of the"
                    + " viewer and the cost evaluators.",
            optionalText(), false);

    /** All settings, in the order the docs list them. */
    public static final List<Setting<?>> ALL = List.of(ENABLED, CONFIG, DB, QUEUE_CAPACITY, FLUSH_INTERVAL_MS,
            BATCH_SIZE, LOG_LEVEL, CAPTURE_CONTENT, CAPTURE_MAX_CHARS, INSTRUMENTATIONS, TRACE_METHODS, REDACT,
            CACHE, CACHE_NAMESPACE, CACHE_KEY_IGNORE, CACHE_ONLY_DETERMINISTIC, CACHE_TTL,
            EVALS, EVALS_PATH, EVALS_TIMEOUT_MS, JUDGE_URL, JUDGE_MODEL, JUDGE_API_KEY,
            UI_PORT, UI_BIND, UI_TOKEN, PRICES);

    public static Setting<?> byKey(String key) {
        for (Setting<?> s : ALL) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
