package io.traceflow.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.traceflow.core.store.TraceStore;
import io.traceflow.viewer.ViewerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The README's first command: serves the viewer, runs the example app ({@code traceflow-demo.jar}: the OpenAI SDK
 * and LangChain4j) under this agent so its traces arrive live, then keeps serving until Ctrl-C.
 *
 * <p>The example app is looked up next to the agent jar ({@code traceflow-demo.jar}), then where a built checkout
 * has it ({@code agent/target/../../examples/target/traceflow-demo.jar}); {@code --app} names it explicitly.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the example app (OpenAI SDK + LangChain4j) under the agent and watch its traces in the viewer.")
final class DemoCommand implements Callable<Integer> {
    static final String APP_JAR = "traceflow-demo.jar";

    @Option(names = "--db", defaultValue = "traceflow.db", description = "The file to record into (default: ${DEFAULT-VALUE}).")
    File db;

    @Option(names = "--port", defaultValue = "7070",
            description = "Viewer port (default: ${DEFAULT-VALUE}; a free one when it is taken).")
    int port;

    @Option(names = "--no-serve", description = "Only run the app and print what was recorded; no viewer.")
    boolean noServe;

    @Option(names = "--pace-ms", description = "Pause between the app's calls, so they arrive one by one"
            + " (default: 1500 with the viewer, 0 with --no-serve).")
    Long paceMs;

    @Option(names = "--app", description = "The example app jar (default: found next to the agent jar or in the build).")
    File app;

    @Option(names = "--agent-jar", description = "The agent jar (default: the jar this command runs from).")
    File agentJar;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path agent = agentJar != null ? agentJar.toPath().toAbsolutePath() : runningJar();
        Path appJar = app != null ? app.toPath().toAbsolutePath() : findApp(agent);
        if (!Files.isRegularFile(appJar)) {
            throw new IllegalArgumentException("the demo app " + appJar + " does not exist");
        }
        // Create and migrate the file first, so the viewer can open it before the app writes anything.
        TraceStore.closeQuietly(TraceStore.openForWriting(db.toPath()));
        long before = count(db.toPath(), "traces");

        ViewerServer viewer = null;
        try {
            if (!noServe) {
                viewer = startViewer();
                out.println("TraceFlow viewer: " + viewer.url() + "  (traces appear there as the demo app runs)");
                out.flush();
            }
            long pace = paceMs != null ? paceMs : noServe ? 0 : 1500;
            int exit = runApp(agent, appJar, pace, out);
            long recorded = count(db.toPath(), "traces") - before;
            out.println("The demo app recorded " + recorded + " traces into " + db.getAbsolutePath() + ".");
            if (exit != 0) {
                throw new IllegalArgumentException("the demo app exited with code " + exit);
            }
            if (viewer == null) {
                out.println("See them with: java -jar " + agent + " ui --db " + db.getPath());
                return 0;
            }
            out.println("Open " + viewer.url() + " to explore them. Press Ctrl-C to stop.");
            out.flush();
            new CountDownLatch(1).await();
            return 0;
        } finally {
            if (viewer != null) {
                viewer.close();
            }
        }
    }

    private ViewerServer startViewer() throws IOException {
        try {
            return ViewerServer.start(CliSettings.viewerOptions(db.toPath(), "127.0.0.1", port, null, null));
        } catch (BindException e) {
            spec.commandLine().getOut().println("Port " + port + " is taken; using a free port instead.");
            return ViewerServer.start(CliSettings.viewerOptions(db.toPath(), "127.0.0.1", 0, null, null));
        }
    }

    private int runApp(Path agent, Path appJar, long pace, PrintWriter out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + agent);
        command.add("-Dtraceflow.db=" + db.getAbsolutePath());
        command.add("-jar");
        command.add(appJar.toString());
        command.add("--pace-ms");
        command.add(Long.toString(pace));
        out.println("Running the demo app under the agent: " + String.join(" ", command));
        out.flush();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("SLF4J") && !line.contains("Sharing is only supported for boot loader")) {
                    out.println("  app | " + line);
                    out.flush();
                }
            }
        }
        return process.waitFor();
    }

    /** The jar this CLI was loaded from (the agent jar), via the isolated loader's code source. */
    static Path runningJar() {
        try {
            Path location = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location.toAbsolutePath();
            }
            throw new IllegalArgumentException("demo must run from the agent jar (java -jar traceflow-agent.jar demo),"
                    + " or be given --agent-jar");
        } catch (URISyntaxException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("cannot tell where the agent jar is; pass --agent-jar");
        }
    }

    static Path findApp(Path agent) {
        Path dir = agent.getParent();
        List<Path> candidates = List.of(dir.resolve(APP_JAR),
                dir.resolve("../../examples/target/" + APP_JAR).normalize());
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("the demo app (" + APP_JAR + ") is neither at " + candidates.get(0)
                + " nor at " + candidates.get(1) + ". Build it in the TraceFlow checkout with"
                + " 'mvn -q -DskipTests package', or name it with --app.");
    }

    private static long count(Path file, String table) throws Exception {
        try (Connection c = TraceStore.openReadOnly(file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
