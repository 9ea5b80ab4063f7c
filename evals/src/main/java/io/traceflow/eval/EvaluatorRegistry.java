package io.traceflow.eval;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.traceflow.core.config.EvalSpec;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.builtin.Contains;
import io.traceflow.eval.builtin.JsonValid;
import io.traceflow.eval.builtin.LlmJudge;
import io.traceflow.eval.builtin.MaxCost;
import io.traceflow.eval.builtin.MaxLatencyMs;
import io.traceflow.eval.builtin.MaxTokens;
import io.traceflow.eval.builtin.MaxTraceCost;
import io.traceflow.eval.builtin.MaxTraceLatencyMs;
import io.traceflow.eval.builtin.MaxTraceTokens;
import io.traceflow.eval.builtin.NotEmpty;
import io.traceflow.eval.builtin.RegexMatch;
import io.traceflow.eval.builtin.ToolArgsValid;
import io.traceflow.eval.judge.JudgeSettings;

/**
 * The evaluators that can be named in a spec: the built-ins, plus those found with {@link ServiceLoader} in the
 * jars of {@code traceflow.evals.path}. Those jars get a class loader of their own whose parent is TraceFlow's
 * (they see {@link Evaluator} and the JDK; under the agent, not the application's classes). A plugged-in evaluator
 * cannot replace a built-in of the same name.
 */
public final class EvaluatorRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final Map<String, Supplier<Evaluator>> evaluators;

    private EvaluatorRegistry(Map<String, Supplier<Evaluator>> evaluators) {
        this.evaluators = evaluators;
    }

    /** The built-in evaluators by name, each from a fresh prototype. */
    public static Map<String, Supplier<Evaluator>> builtIns(EvalEnvironment env) {
        JudgeSettings judge = env.judge();
        Map<String, Supplier<Evaluator>> m = new LinkedHashMap<>();
        m.put("not_empty", NotEmpty::new);
        m.put("json_valid", JsonValid::new);
        m.put("regex", RegexMatch::new);
        m.put("contains", Contains::contains);
        m.put("not_contains", Contains::notContains);
        m.put("max_latency_ms", MaxLatencyMs::new);
        m.put("max_tokens", MaxTokens::new);
        m.put("max_cost", () -> new MaxCost(env.prices()));
        m.put("tool_args_valid", ToolArgsValid::new);
        m.put("llm_judge", () -> new LlmJudge(judge));
        m.put("max_trace_latency_ms", MaxTraceLatencyMs::new);
        m.put("max_trace_cost", () -> new MaxTraceCost(env.prices()));
        m.put("max_trace_tokens", MaxTraceTokens::new);
        return m;
    }

    /**
     * Built-ins plus the evaluators of {@code path} (jar files, or folders whose {@code *.jar} files are taken).
     * Each problem (a missing jar, an evaluator that cannot be loaded, a name clash) goes to {@code problems} as one
     * line and costs only itself.
     */
    public static EvaluatorRegistry load(EvalEnvironment env, Consumer<String> problems) {
        Map<String, Supplier<Evaluator>> all = new LinkedHashMap<>(builtIns(env));
        List<URL> urls = new ArrayList<>();
        for (Path entry : env.evaluatorPath()) {
            jars(entry, urls, problems);
        }
        if (!urls.isEmpty()) {
            ClassLoader loader = new URLClassLoader("traceflow-evaluators", urls.toArray(URL[]::new),
                    Evaluator.class.getClassLoader());
            Iterator<Evaluator> found = ServiceLoader.load(Evaluator.class, loader).iterator();
            while (true) {
                Evaluator evaluator;
                try {
                    if (!found.hasNext()) {
                        break;
                    }
                    evaluator = found.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    problems.accept("an evaluator in traceflow.evals.path cannot be loaded: " + e.getMessage());
                    continue;
                }
                add(all, evaluator, problems);
            }
        }
        return new EvaluatorRegistry(Collections.unmodifiableMap(all));
    }

    /** A registry of exactly these evaluators (plus the built-ins); for tests and embedding. */
    public static EvaluatorRegistry of(EvalEnvironment env, List<Evaluator> extra) {
        Map<String, Supplier<Evaluator>> all = new LinkedHashMap<>(builtIns(env));
        for (Evaluator e : extra) {
            add(all, e, message -> {
                throw new IllegalArgumentException(message);
            });
        }
        return new EvaluatorRegistry(Collections.unmodifiableMap(all));
    }

    private static void add(Map<String, Supplier<Evaluator>> all, Evaluator evaluator, Consumer<String> problems) {
        String name;
        try {
            name = evaluator.name();
        } catch (RuntimeException | LinkageError e) {
            problems.accept("evaluator " + evaluator.getClass().getName() + " failed to give its name: " + e);
            return;
        }
        if (name == null || !NAME.matcher(name).matches()) {
            problems.accept("evaluator " + evaluator.getClass().getName() + " has an invalid name '" + name
                    + "' (lower-case letters, digits and _)");
        } else if (all.containsKey(name)) {
            problems.accept("evaluator " + evaluator.getClass().getName() + " is named '" + name
                    + "', like one already known; it is ignored");
        } else {
            all.put(name, () -> evaluator);
        }
    }

    private static void jars(Path entry, List<URL> urls, Consumer<String> problems) {
        try {
            if (Files.isDirectory(entry)) {
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(entry, "*.jar")) {
                    List<Path> sorted = new ArrayList<>();
                    dir.forEach(sorted::add);
                    Collections.sort(sorted);
                    for (Path jar : sorted) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            } else if (Files.isRegularFile(entry)) {
                urls.add(entry.toUri().toURL());
            } else {
                problems.accept("traceflow.evals.path: " + entry + " does not exist; it is ignored");
            }
        } catch (IOException | RuntimeException e) {
            problems.accept("traceflow.evals.path: cannot read " + entry + " (" + e + "); it is ignored");
        }
    }

    public boolean has(String name) {
        return evaluators.containsKey(name);
    }

    public List<String> names() {
        return List.copyOf(evaluators.keySet());
    }

    /** Configures one spec; {@link IllegalArgumentException} for an unknown name or a bad argument. */
    public ConfiguredEvaluator configure(EvalSpec spec) {
        Supplier<Evaluator> prototype = evaluators.get(spec.name());
        if (prototype == null) {
            throw new IllegalArgumentException("unknown evaluator '" + spec.name() + "' (known: "
                    + String.join(", ", evaluators.keySet()) + ")");
        }
        Evaluator configured;
        try {
            configured = prototype.get().configure(spec.argument());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException(spec.name() + " failed to configure: " + e);
        }
        if (configured == null) {
            throw new IllegalArgumentException(spec.name() + " returned no evaluator for '" + spec.argument() + "'");
        }
        return new ConfiguredEvaluator(spec, configured);
    }

    /** Configures every spec that can be; each one that cannot goes to {@code problems} and is left out. */
    public List<ConfiguredEvaluator> configureAll(List<EvalSpec> specs, Consumer<String> problems) {
        List<ConfiguredEvaluator> out = new ArrayList<>();
        for (EvalSpec spec : specs) {
            try {
                out.add(configure(spec));
            } catch (IllegalArgumentException e) {
                problems.accept("evaluator " + spec + " is ignored: " + e.getMessage());
            }
        }
        return out;
    }
}
