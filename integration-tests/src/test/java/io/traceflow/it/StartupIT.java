package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.EarlyCallApp;

/**
 * The agent installs Byte Buddy on a background thread so that the app reaches {@code main} at once; the classes
 * of a hooked library wait at their first load until the instrumentation is ready. These tests call the SDK in
 * the first lines of {@code main}, while the installation is still going on, and check that nothing is missed.
 */
class StartupIT {
    static FakeOpenAiServer server;
    static ForkedApp.Result plain;

    @BeforeAll
    static void startServer() throws Exception {
        server = FakeOpenAiServer.start();
        plain = ForkedApp.main(EarlyCallApp.class).withoutAgent().args(server.baseUrl()).run();
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.stdout()).contains("Hello early");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void mainStartsBeforeTheInstallationEndsAndTheFirstCallIsStillRecorded(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("early.db");
        ForkedApp.Result traced = ForkedApp.main(EarlyCallApp.class).args(server.baseUrl())
                .property("traceflow.db", db.toString()).property("traceflow.log.level", "debug").run();

        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(traced.stdout()).isEqualTo(plain.stdout());
        // Byte Buddy's installation takes hundreds of milliseconds of CPU; premain returns in a few dozen.
        assertThat(traced.stderr()).as(traced.toString()).contains("agent installing at main: true");
        assertThat(traced.stderr()).contains("ChatCompletionServiceImpl waited", "ms for the instrumentation");
        // The bridge is defined in the bootstrap loader, not appended to its search path, which would switch off
        // class data sharing for the app's classes and make the JVM print "Sharing is only supported for boot
        // loader classes because bootstrap classpath has been appended".
        assertThat(traced.stderr()).doesNotContain("VM warning", "Sharing is only supported");
        // Nor, on Java 24+, the JVM's native-access warning for sqlite-jdbc's native library: it runs as a named
        // module with native access there (the Java 25 run of this suite checks that).
        assertThat(traced.stderr()).doesNotContain("WARNING: A restricted method", "WARNING: A native method");
        List<Map<String, Object>> steps = Db.rows(db, "SELECT operation, input_text, status FROM steps");
        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.get("operation")).isEqualTo("chat");
            assertThat((String) step.get("input_text")).contains("Hello early");
            assertThat(step.get("status")).isEqualTo("ok");
        });
        assertThat(Db.count(db, "SELECT advice_errors FROM agent_runs")).isZero();
    }

    @Test
    void aTracedMethodOfTheMainClassIsARootFromItsFirstCall(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("root.db");
        ForkedApp.Result traced = ForkedApp.main(EarlyCallApp.class).args(server.baseUrl())
                .property("traceflow.db", db.toString())
                .property("traceflow.trace.methods", EarlyCallApp.class.getName() + "#ask").run();

        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(traced.stdout()).isEqualTo(plain.stdout());
        Map<String, Object> trace = Db.rows(db, "SELECT id, name, root_step_id FROM traces").get(0);
        assertThat(Db.count(db, "SELECT count(*) FROM traces")).isEqualTo(1);
        assertThat(trace.get("name")).isEqualTo("EarlyCallApp.ask");
        List<Map<String, Object>> steps = Db.rows(db, "SELECT id, parent_step_id, operation FROM steps ORDER BY seq");
        assertThat(steps).extracting(s -> s.get("operation")).containsExactly("method", "chat");
        assertThat(steps.get(0).get("id")).isEqualTo(trace.get("root_step_id"));
        assertThat(steps.get(1).get("parent_step_id")).isEqualTo(trace.get("root_step_id"));
    }

    @Test
    void aUsersOwnChatModelCreatedFirstThingIsInstrumented(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("model.db");
        ForkedApp.Result traced = ForkedApp.main(EarlyCallApp.class).args(server.baseUrl(), "model")
                .property("traceflow.db", db.toString()).property("traceflow.log.level", "debug").run();

        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(traced.stdout()).isEqualTo("early model answer\n");
        // Its class loads before ChatModel, the library type it implements; it waits like the library's own.
        assertThat(traced.stderr()).contains("EarlyCallApp$EarlyModel waited",
                "instrumented io.traceflow.it.apps.EarlyCallApp$EarlyModel");
        assertThat(Db.rows(db, "SELECT output_text FROM steps WHERE operation = 'chat'")).singleElement()
                .satisfies(step -> assertThat((String) step.get("output_text")).contains("early model answer"));
    }

    @Test
    void aSubclassOfATracedClassLoadedFirstThingIsARoot(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("task.db");
        ForkedApp.Result traced = ForkedApp.main(EarlyCallApp.class).args(server.baseUrl(), "task")
                .property("traceflow.db", db.toString())
                .property("traceflow.trace.methods", EarlyCallApp.Task.class.getName() + "#run").run();

        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(traced.stdout()).isEqualTo("subtask ran\n");
        assertThat(Db.rows(db, "SELECT name FROM traces")).extracting(row -> row.get("name"))
                .containsExactly("SubTask.run");
    }
}
