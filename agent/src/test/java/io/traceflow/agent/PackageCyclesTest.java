package io.traceflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of every TraceFlow module the agent ships (the agent's test class path holds them all: bootstrap,
 * schema-names, core, eval-api, evals, viewer, cli, the instrumentations, agent), read from the compiled classes' constant pools: a package cycle fails
 * the build, naming the cycle and the classes behind each step, unless it is one of the {@link #KNOWN_CYCLES}.
 * Also the module rules: core knows nothing of evaluations, the viewer or the CLI, the evaluator API needs nothing
 * but the JDK and the schema's names, and the names need nothing but the JDK.
 */
class PackageCyclesTest {
    /**
     * Package cycles that exist and are being removed; each entry is one cycle, its packages in order (the smallest
     * first), without the {@code io.traceflow.} prefix. Delete an entry when its cycle is gone (the test says so);
     * never add one to make a new cycle pass.
     */
    static final Set<List<String>> KNOWN_CYCLES = Set.of();

    private static final String PREFIX = "io.traceflow.";
    private static final Pattern TYPE = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");
    /** One class of each module: so the test cannot pass by finding nothing. */
    private static final List<String> ANCHORS = List.of("io.traceflow.bootstrap.Hooks",
            "io.traceflow.schema.Operations", "io.traceflow.core.TraceFlowVersion", "io.traceflow.eval.api.Evaluator",
            "io.traceflow.eval.OnlineEvaluation", "io.traceflow.viewer.ViewerServer", "io.traceflow.cli.TraceFlowCli",
            "io.traceflow.agent.AgentInstaller", "io.traceflow.instrumentation.api.InstrumentationModule",
            "io.traceflow.instrumentation.openai.v4.OpenAiInstrumentation",
            "io.traceflow.instrumentation.langchain4j.v1.LangChain4jInstrumentation",
            "io.traceflow.instrumentation.jdk.ExecutorInstrumentation",
            "io.traceflow.instrumentation.methods.MethodRootInstrumentation");

    /** Class name (dotted) to the classes and other types it references (internal names, slashes). */
    static final Map<String, Set<String>> REFERENCES = new TreeMap<>();
    /** Package to package (both without the prefix), each edge with the first class-level reference behind it. */
    static final Map<String, Map<String, String>> GRAPH = new TreeMap<>();

    @BeforeAll
    static void readClasses() throws Exception {
        for (Path root : roots()) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root.resolve("io/traceflow"))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        read(root.relativize(file).toString().replace(File.separatorChar, '/'),
                                Files.readAllBytes(file));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().startsWith("io/traceflow/") && entry.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                read(entry.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, Set<String>> c : REFERENCES.entrySet()) {
            String from = shortPackage(c.getKey());
            for (String type : c.getValue()) {
                String to = type.replace('/', '.');
                if (to.startsWith(PREFIX) && !shortPackage(to).equals(from)) {
                    GRAPH.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(shortPackage(to),
                            simpleName(c.getKey()) + " -> " + simpleName(to));
                }
            }
            GRAPH.computeIfAbsent(from, k -> new TreeMap<>());
        }
    }

    /**
     * Where TraceFlow's main classes are: the class path entries (folders or jars) holding {@code io/traceflow/}
     * classes, test outputs left out, and at least the modules of the {@link #ANCHORS}.
     */
    static Set<Path> roots() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<Path> roots = new LinkedHashSet<>();
        for (String anchor : ANCHORS) {
            Class<?> c = Class.forName(anchor, false, PackageCyclesTest.class.getClassLoader());
            roots.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            if (name.equals("test-classes") || name.endsWith("-tests.jar")) {
                continue;
            }
            if (Files.isDirectory(path) ? Files.isDirectory(path.resolve("io/traceflow")) : holdsTraceFlow(path)) {
                roots.add(path);
            }
        }
        return roots;
    }

    private static boolean holdsTraceFlow(Path jar) throws IOException {
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return false;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry("io/traceflow/") != null || file.stream()
                    .anyMatch(e -> e.getName().startsWith("io/traceflow/") && e.getName().endsWith(".class"));
        }
    }

    private static void read(String entryName, byte[] classFile) throws IOException {
        String className = entryName.substring(0, entryName.length() - ".class".length()).replace('/', '.');
        if (className.endsWith("module-info") || className.endsWith("package-info")) {
            return;
        }
        REFERENCES.computeIfAbsent(className, k -> new TreeSet<>()).addAll(referencedTypes(classFile));
    }

    /** Every type a class file names: its CONSTANT_Class entries and each {@code Lname;} in its descriptors. */
    static Set<String> referencedTypes(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // long and double take two slots
                }
                case 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        Set<String> types = new TreeSet<>();
        for (int index : classNames) {
            String name = utf8[index];
            if (name.startsWith("[")) {
                Matcher m = TYPE.matcher(name);
                while (m.find()) {
                    types.add(m.group(1));
                }
            } else {
                types.add(name);
            }
        }
        for (String s : utf8) {
            if (s != null) {
                Matcher m = TYPE.matcher(s);
                while (m.find()) {
                    types.add(m.group(1));
                }
            }
        }
        return types;
    }

    private static String shortPackage(String className) {
        String pkg = className.substring(0, Math.max(0, className.lastIndexOf('.')));
        return pkg.startsWith(PREFIX) ? pkg.substring(PREFIX.length()) : pkg;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Test
    void everyModuleIsRead() {
        assertThat(GRAPH.keySet()).contains("bootstrap", "launcher", "schema", "core", "core.config", "core.pricing",
                "eval.api", "eval", "eval.builtin", "eval.judge", "viewer", "cli", "agent",
                "instrumentation.openai.v4");
    }

    @Test
    void noPackageCyclesButTheKnownOnes() {
        Set<List<String>> found = cycles();
        List<String> problems = new ArrayList<>();
        for (List<String> cycle : found) {
            if (!KNOWN_CYCLES.contains(cycle)) {
                problems.add("package cycle " + describe(cycle));
            }
        }
        for (List<String> known : KNOWN_CYCLES) {
            if (!found.contains(known)) {
                problems.add("the known cycle " + String.join(" -> ", known) + " is gone: delete it from KNOWN_CYCLES");
            }
        }
        assertThat(problems).as("package cycles among io.traceflow.* (see KNOWN_CYCLES)").isEmpty();
    }

    @Test
    void coreKnowsNothingOfEvaluationsTheViewerOrTheCli() {
        List<String> wrong = new ArrayList<>();
        REFERENCES.forEach((c, types) -> {
            if (c.startsWith("io.traceflow.core.")) {
                for (String t : types) {
                    if (t.matches("io/traceflow/(eval|viewer|cli)/.*")) {
                        wrong.add(simpleName(c) + " -> " + t.replace('/', '.'));
                    }
                }
            }
        });
        assertThat(wrong).as("io.traceflow.core.* referring to the evals, viewer or cli modules").isEmpty();
    }

    @Test
    void theEvaluatorApiNeedsNothingButTheJdkAndTheSchemasNames() {
        assertThat(referencesOutside("io.traceflow.eval.api.", "io/traceflow/eval/api/", "io/traceflow/schema/"))
                .as("io.traceflow.eval.api referring to anything but itself, io.traceflow.schema and the JDK")
                .isEmpty();
        assertThat(REFERENCES.keySet()).contains("io.traceflow.eval.api.StepView");
        assertThat(REFERENCES.get("io.traceflow.eval.api.StepView")).contains("io/traceflow/schema/Operations");
    }

    @Test
    void theSchemasNamesNeedNothingButTheJdk() {
        assertThat(referencesOutside("io.traceflow.schema.", "io/traceflow/schema/"))
                .as("io.traceflow.schema referring to anything but itself and the JDK").isEmpty();
    }

    /** References from the classes under {@code from} to types outside {@code allowed} and the JDK. */
    private static List<String> referencesOutside(String from, String... allowed) {
        List<String> wrong = new ArrayList<>();
        REFERENCES.forEach((c, types) -> {
            if (c.startsWith(from)) {
                for (String t : types) {
                    if (Stream.of(allowed).noneMatch(t::startsWith) && !isJdk(t)) {
                        wrong.add(simpleName(c) + " -> " + t.replace('/', '.'));
                    }
                }
            }
        });
        return wrong;
    }

    private static boolean isJdk(String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Map<String, String>> graph = Map.of("a", Map.of("b", "A -> B"), "b", Map.of("c", "B -> C"),
                "c", Map.of("a", "C -> A", "d", "C -> D"), "d", Map.of());
        assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c"));
        assertThat(cycles(Map.of("a", Map.of("b", "A -> B"), "b", Map.of()))).isEmpty();
    }

    private static String describe(List<String> cycle) {
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            String from = cycle.get(i);
            String to = cycle.get((i + 1) % cycle.size());
            steps.add(from + " -> " + to + " (" + GRAPH.get(from).get(to) + ")");
        }
        return String.join(", ", steps);
    }

    static Set<List<String>> cycles() {
        return cycles(GRAPH);
    }

    /**
     * Every elementary cycle of the graph, each as its packages in order starting with the smallest: from each
     * package, the paths through larger packages only that lead back to it.
     */
    static Set<List<String>> cycles(Map<String, Map<String, String>> graph) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> path = new ArrayList<>();
            path.add(start);
            walk(graph, start, start, path, out);
        }
        return out;
    }

    private static void walk(Map<String, Map<String, String>> graph, String start, String at, List<String> path,
            Set<List<String>> out) {
        if (out.size() > 10_000) {
            throw new IllegalStateException("over 10 000 package cycles: " + out.stream().limit(5).toList());
        }
        for (String next : new TreeSet<>(graph.getOrDefault(at, Map.of()).keySet())) {
            if (next.equals(start)) {
                out.add(List.copyOf(path));
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                walk(graph, start, next, path, out);
                path.remove(path.size() - 1);
            }
        }
    }
}
