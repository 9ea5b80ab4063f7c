package io.traceflow.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a small app in a new JVM, with or without {@code -javaagent:traceflow-agent.jar}, and captures what it
 * printed. The JVM is the one named by system property {@code it.java} (to run the suite on another Java), else
 * the one running the tests.
 */
public final class ForkedApp {
    static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "../agent/target/traceflow-agent.jar"))
            .toAbsolutePath().normalize();

    private final String mainClass;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String classpath = testClasspath();
    private String jar;
    private boolean withAgent = true;

    private ForkedApp(String mainClass) {
        this.mainClass = mainClass;
    }

    public static ForkedApp main(Class<?> mainClass) {
        return new ForkedApp(mainClass.getName());
    }

    /** An executable jar ({@code java -jar}), e.g. a Spring Boot fat jar. */
    public static ForkedApp jar(Path jar) {
        ForkedApp app = new ForkedApp(null);
        app.jar = jar.toString();
        return app;
    }

    public ForkedApp args(String... values) {
        args.addAll(Arrays.asList(values));
        return this;
    }

    public ForkedApp property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public ForkedApp env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public ForkedApp classpath(String value) {
        classpath = value;
        return this;
    }

    public ForkedApp withoutAgent() {
        withAgent = false;
        return this;
    }

    public Result run() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        if (withAgent) {
            command.add("-javaagent:" + AGENT_JAR);
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (jar != null) {
            command.add("-jar");
            command.add(jar);
        } else {
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
        }
        command.addAll(args);
        Path out = Files.createTempFile("forked-out", ".txt");
        Path err = Files.createTempFile("forked-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TRACEFLOW_") || k.equals("OPENAI_API_KEY"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("forked app did not finish in 120 s: " + command);
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), command);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }

    static String javaBinary() {
        String configured = System.getProperty("it.java", "");
        if (!configured.isBlank()) {
            return configured;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The tests' own class path (real client libraries, test apps), minus anything of the agent's. Failsafe puts
     * the real one in {@code surefire.test.class.path} (java.class.path may be a manifest-only jar).
     */
    static String testClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("traceflow-agent") && !entry.contains("agent/target"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public record Result(int exitCode, String stdout, String stderr, List<String> command) {
        /** stderr without the JVM's own CDS notice, which any agent appending to the boot class path causes. */
        public List<String> agentLines() {
            return stderr.lines().filter(l -> l.startsWith("[traceflow]")).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- command\n" + String.join(" ", command) + "\n--- stdout\n" + stdout
                    + "\n--- stderr\n" + stderr;
        }
    }
}
