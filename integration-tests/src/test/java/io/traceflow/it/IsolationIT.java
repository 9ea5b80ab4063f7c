package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.it.apps.IsolationApp;

/**
 * An app with its own, different versions of Jackson and sqlite-jdbc (copied to target/isolation-libs by the
 * pom) runs identically under the agent, which brings its own of both: each side sees only its own copies, the
 * app cannot load any TraceFlow or Byte Buddy class, and both write their own SQLite file in the same JVM.
 */
class IsolationIT {
    static final String JACKSON = System.getProperty("isolation.jackson.version", "2.17.2");
    static final String SQLITE_JDBC = System.getProperty("isolation.sqlite-jdbc.version", "3.46.1.0");
    static final Path LIBS = Path.of(System.getProperty("isolation.libs", "target/isolation-libs"));

    @TempDir
    static Path dir;
    static Path agentDb;
    static ForkedApp.Result traced;
    static ForkedApp.Result plain;

    @BeforeAll
    static void runBothWays() throws Exception {
        String classpath = classpath();
        agentDb = dir.resolve("agent.db");
        traced = ForkedApp.main(IsolationApp.class).classpath(classpath).property("traceflow.db", agentDb.toString())
                .args(dir.resolve("app-traced.db").toString()).run();
        plain = ForkedApp.main(IsolationApp.class).classpath(classpath).withoutAgent()
                .args(dir.resolve("app-plain.db").toString()).run();
        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
    }

    /** The app's own libraries and the test classes: no openai-java, none of the tests' newer Jackson/sqlite. */
    static String classpath() throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> jars = Files.list(LIBS)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toAbsolutePath().toString()));
        }
        assertThat(entries).as("jars in " + LIBS.toAbsolutePath()).hasSize(5);
        entries.add(Path.of(System.getProperty("test.classpath.dir", "target/test-classes")).toAbsolutePath().toString());
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void appOutputIsByteIdenticalWithAndWithoutTheAgent() {
        assertThat(traced.stdout()).isEqualTo(plain.stdout());
        assertThat(traced.stdout()).contains("json [{\"id\":1,\"item\":\"apple\",\"qty\":5},", "round trip true");
    }

    @Test
    void appUsesItsOwnJacksonAndSqliteJdbc() {
        assertThat(traced.stdout())
                .contains("jackson-databind " + JACKSON + " from jackson-databind-" + JACKSON + ".jar loader app")
                .contains("jackson-core " + JACKSON + " from jackson-core-" + JACKSON + ".jar")
                .contains("sqlite-jdbc " + SQLITE_JDBC + " from sqlite-jdbc-" + SQLITE_JDBC + ".jar loader app")
                .contains("drivers [org.sqlite.JDBC@app]");
    }

    @Test
    void appCannotLoadAnyOfTheAgentsClasses() {
        for (String name : new String[] {"io.traceflow.core.runtime.TraceFlowRuntime", "io.traceflow.agent.AgentInstaller",
            "net.bytebuddy.ByteBuddy", "io.traceflow.instrumentation.openai.v4.OpenAiCallHandler", "picocli.CommandLine",
            "io.traceflow.eval.api.Evaluator", "io.traceflow.eval.OnlineEvaluation", "io.traceflow.viewer.ViewerServer",
            "io.traceflow.cli.TraceFlowCli"}) {
            assertThat(traced.stdout()).contains("visible " + name + ": false / system false / context false");
        }
    }

    @Test
    void appSeesExactlyOneCopyOfEachOfItsLibrariesResources() {
        assertThat(traced.stdout())
                .contains("copies of com/fasterxml/jackson/databind/ObjectMapper.class: 1 in jackson-databind-" + JACKSON + ".jar")
                .contains("copies of org/sqlite/JDBC.class: 1 in sqlite-jdbc-" + SQLITE_JDBC + ".jar")
                .contains("copies of META-INF/maven/org.xerial/sqlite-jdbc/pom.properties: 1 in sqlite-jdbc-" + SQLITE_JDBC + ".jar")
                .contains("copies of org/sqlite/native/Linux/x86_64/libsqlitejdbc.so: 1 in sqlite-jdbc-" + SQLITE_JDBC + ".jar")
                .contains("copies of META-INF/services/java.sql.Driver: 1 in sqlite-jdbc-" + SQLITE_JDBC + ".jar");
    }

    @Test
    void agentStillWritesItsOwnFile() throws Exception {
        assertThat(traced.agentLines()).hasSize(1);
        assertThat(traced.agentLines().get(0)).contains("recording to", agentDb.getFileName().toString());
        assertThat(Db.count(agentDb, "SELECT count(*) FROM agent_runs")).isEqualTo(1);
        assertThat(Db.count(agentDb, "SELECT count(*) FROM steps")).isZero();
        // Written through the agent's hidden sqlite-jdbc (and its native library), loaded next to the app's own.
        assertThat(Db.rows(agentDb, "SELECT sqlite_version FROM agent_runs").get(0).get("sqlite_version"))
                .isEqualTo(System.getProperty("agent.sqlite-jdbc.version", "unknown"));
        assertThat(Db.count(agentDb, "SELECT advice_errors + events_dropped + events_failed FROM agent_runs")).isZero();
        // And the app's file is the app's: its table, none of TraceFlow's.
        assertThat(Db.rows(dir.resolve("app-traced.db"), "SELECT name FROM sqlite_master WHERE type = 'table'"))
                .extracting(r -> r.get("name")).containsExactly("orders");
    }
}
