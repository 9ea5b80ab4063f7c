package io.traceflow.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.config.EvalSpec;
import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/** Built-ins, and evaluators discovered with ServiceLoader in the jars of traceflow.evals.path. */
class EvaluatorRegistryTest {
    @TempDir
    Path dir;

    static final String SERVICES = "META-INF/services/io.traceflow.eval.api.Evaluator";

    /** A jar holding PluggedEvaluator's class and a services file with the given lines. */
    Path jar(String name, String... serviceLines) throws Exception {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(SERVICES));
            out.write(String.join("\n", serviceLines).getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            String cls = PluggedEvaluator.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(cls));
            try (var in = PluggedEvaluator.class.getClassLoader().getResourceAsStream(cls)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }

    static EvalEnvironment env(String path) {
        Config config = ConfigLoader.load(path == null ? Map.of() : Map.of("traceflow.evals.path", path), Map.of());
        assertThat(config.problems()).isEmpty();
        return EvalEnvironment.from(config);
    }

    @Test
    void theBuiltInsAreThere() {
        EvaluatorRegistry registry = EvaluatorRegistry.load(env(null), p -> {
            throw new AssertionError(p);
        });
        assertThat(registry.names()).containsExactly("not_empty", "json_valid", "regex", "contains", "not_contains",
                "max_latency_ms", "max_tokens", "max_cost", "tool_args_valid", "llm_judge", "max_trace_latency_ms",
                "max_trace_cost", "max_trace_tokens");
        assertThatThrownBy(() -> registry.configure(EvalSpec.parse("nope"))).hasMessageContaining("unknown evaluator"
                + " 'nope' (known: not_empty, json_valid");
    }

    @Test
    void anEvaluatorInAJarOfThePathIsFoundAndConfigured() throws Exception {
        Path jar = jar("plugged.jar", "# my evaluators", PluggedEvaluator.class.getName());
        List<String> problems = new ArrayList<>();
        EvaluatorRegistry registry = EvaluatorRegistry.load(env(jar.toString()), problems::add);
        assertThat(problems).isEmpty();
        ConfiguredEvaluator e = registry.configure(EvalSpec.parse("shorter_than:10"));
        assertThat(e.label()).isEqualTo("shorter_than:10");
        assertThat(e.version()).isEqualTo("7");
        assertThat(e.evaluator().evaluate(Steps.chat("Paris.")).passed()).isTrue();
        assertThat(e.evaluator().evaluate(Steps.chat("Paris, the capital.")).passed()).isFalse();
    }

    @Test
    void aFolderContributesItsJars() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("evals"));
        Files.move(jar("plugged.jar", PluggedEvaluator.class.getName()), folder.resolve("plugged.jar"));
        Files.writeString(folder.resolve("README.txt"), "not a jar");
        EvaluatorRegistry registry = EvaluatorRegistry.load(env(folder.toString()), p -> {
            throw new AssertionError(p);
        });
        assertThat(registry.has("shorter_than")).isTrue();
    }

    @Test
    void brokenEntriesMissingJarsAndNameClashesAreOneProblemEachAndCostOnlyThemselves() throws Exception {
        Path jar = jar("mixed.jar", "com.example.DoesNotExist", PluggedEvaluator.class.getName());
        Path clash = dir.resolve("clash.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(clash))) {
            out.putNextEntry(new JarEntry(SERVICES));
            out.write(ClashingEvaluator.class.getName().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        List<String> problems = new ArrayList<>();
        EvaluatorRegistry registry = EvaluatorRegistry.load(env(jar + "," + clash + "," + dir.resolve("gone.jar")),
                problems::add);
        assertThat(registry.has("shorter_than")).isTrue();
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("com.example.DoesNotExist"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("gone.jar does not exist"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("is named 'json_valid', like one already known"));
        try (OutputStream ignored = OutputStream.nullOutputStream()) {
            assertThat(registry.configure(EvalSpec.parse("json_valid")).evaluator()).isNotInstanceOf(ClashingEvaluator.class);
        }
    }

    /** Tries to take over a built-in's name. */
    public static final class ClashingEvaluator implements Evaluator {
        @Override
        public String name() {
            return "json_valid";
        }

        @Override
        public EvalResult evaluate(StepView step) {
            return EvalResult.pass("hijacked");
        }
    }
}
