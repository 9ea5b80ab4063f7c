package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.ThreadContextApp;

/**
 * Trace context across threads an app starts by hand (ThreadContextApp, real LangChain4j, forked JVM under the
 * agent): plain Runnables and Callables given to a ForkJoinPool, {@code Thread.start} and virtual threads inside a
 * trace root land in the root's trace; the same work outside any root makes traces of its own; and threads a root
 * started (a pool worker, a job loop) do not carry the root's trace into unrelated later work.
 */
class ThreadContextIT {
    static final String ROOT = ThreadContextApp.Root.class.getName();

    @TempDir
    static Path dir;
    static Path db;
    static ForkedApp.Result traced;
    static ForkedApp.Result plain;

    @BeforeAll
    static void runBothWays() throws Exception {
        db = dir.resolve("threads.db");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            traced = ForkedApp.main(ThreadContextApp.class).property("traceflow.db", db.toString())
                    .property("traceflow.trace.methods", ROOT + "#*").args(server.baseUrl()).run();
        }
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            plain = ForkedApp.main(ThreadContextApp.class).withoutAgent().args(server.baseUrl()).run();
        }
        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
    }

    @Test
    void appOutputIsByteIdenticalWithAndWithoutTheAgent() {
        assertThat(traced.stdout()).as(traced.toString()).isEqualTo(plain.stdout());
        assertThat(traced.agentLines()).as(traced.toString()).hasSize(1);
    }

    @Test
    void noAdviceErrorsNoDrops() throws Exception {
        assertThat(Db.rows(db, "SELECT advice_errors, events_dropped, events_failed FROM agent_runs"))
                .containsExactly(Map.of("advice_errors", 0, "events_dropped", 0, "events_failed", 0));
    }

    @Test
    void forkJoinPoolExecuteOfARunnableInsideARootStaysInItsTrace() throws Exception {
        assertInRoot("fjp-execute in a root", "Root.forkJoinExecute");
    }

    @Test
    void forkJoinPoolSubmitOfARunnableInsideARootStaysInItsTrace() throws Exception {
        assertInRoot("fjp-submit in a root", "Root.forkJoinSubmit");
    }

    @Test
    void forkJoinPoolSubmitOfACallableInsideARootStaysInItsTrace() throws Exception {
        assertInRoot("fjp-callable in a root", "Root.forkJoinSubmitCallable");
    }

    @Test
    void threadStartInsideARootStaysInItsTrace() throws Exception {
        // The chat model, and so its HTTP client, was built on that thread: nothing of it leaks either (below).
        assertInRoot("thread-start in a root", "Root.threadStart");
    }

    @Test
    void virtualThreadsInsideARootStayInItsTrace() throws Exception {
        assumeTrue(traced.stdout().contains("virtual threads: yes"), "the app's JVM has no virtual threads");
        assertInRoot("virtual in a root (startVirtualThread)", "Root.virtualThreads");
        assertInRoot("virtual in a root (ofVirtual)", "Root.virtualThreads");
    }

    @Test
    void aThreadStartedInARootRunsInItWhileTheRootRuns() throws Exception {
        assertInRoot("loop-inside its root", "Root.startLoop");
    }

    @Test
    void aLongLivedThreadStartedInARootDoesNotCarryItIntoLaterWork() throws Exception {
        // The job loop a root started lazily, then ran an untraced job after that root had returned.
        assertOwnTrace("loop-later outside");
    }

    @Test
    void aPoolWorkerStartedInARootDoesNotCarryItIntoUnrelatedTasks() throws Exception {
        // After the root returned.
        assertOwnTrace("pool-later outside");
        // While the root that started the worker was still running, submitted from a thread in no trace.
        assertOwnTrace("pool-during another root");
        Map<String, Object> root = trace("Root.shareWorkerWhileRunning");
        assertThat(Db.rows(db, "SELECT operation FROM steps WHERE trace_id = '" + root.get("id") + "'"))
                .extracting(s -> s.get("operation")).containsExactly("method");
    }

    @Test
    void theSameWorkOutsideAnyRootMakesTracesOfItsOwn() throws Exception {
        for (String prompt : List.of("thread-start outside", "fjp-execute outside", "fjp-submit outside",
                "fjp-callable outside")) {
            assertOwnTrace(prompt);
        }
        if (traced.stdout().contains("virtual threads: yes")) {
            assertOwnTrace("virtual outside (startVirtualThread)");
            assertOwnTrace("virtual outside (ofVirtual)");
        }
    }

    @Test
    void everyRootHoldsOnlyItsOwnCalls() throws Exception {
        List<Map<String, Object>> counts = Db.rows(db, "SELECT t.name, count(s.id) AS steps FROM traces t"
                + " JOIN steps s ON s.trace_id = t.id WHERE t.kind = 'method' GROUP BY t.id");
        List<String> expected = new ArrayList<>(List.of("Root.threadStart=2", "Root.forkJoinExecute=2",
                "Root.forkJoinSubmit=2", "Root.forkJoinSubmitCallable=2"));
        if (traced.stdout().contains("virtual threads: yes")) {
            expected.add("Root.virtualThreads=3");
        }
        expected.addAll(List.of("Root.startPoolWorker=1", "Root.shareWorkerWhileRunning=1", "Root.startLoop=2"));
        assertThat(counts).extracting(r -> r.get("name") + "=" + r.get("steps"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The call is a child of the root's step, in the root's trace, made on another thread. */
    private static void assertInRoot(String prompt, String rootName) throws Exception {
        Map<String, Object> trace = trace(rootName);
        Map<String, Object> step = chatStep(prompt);
        assertThat(step.get("trace_id")).as("trace of " + prompt).isEqualTo(trace.get("id"));
        assertThat(step.get("parent_step_id")).as("parent of " + prompt).isEqualTo(trace.get("root_step_id"));
        assertThat((String) step.get("thread")).isNotEqualTo("main");
    }

    /** The call is a trace of its own. */
    private static void assertOwnTrace(String prompt) throws Exception {
        Map<String, Object> step = chatStep(prompt);
        Map<String, Object> trace = Db.rows(db, "SELECT * FROM traces WHERE id = '" + step.get("trace_id") + "'")
                .get(0);
        assertThat(trace.get("kind")).as("kind of the trace of " + prompt).isEqualTo("auto");
        assertThat(step.get("parent_step_id")).as("parent of " + prompt).isNull();
        assertThat((String) step.get("thread")).isNotEqualTo("main");
    }

    private static Map<String, Object> trace(String name) throws Exception {
        List<Map<String, Object>> traces = Db.rows(db, "SELECT * FROM traces WHERE name = '" + name + "'");
        assertThat(traces).as("traces named " + name).hasSize(1);
        assertThat(traces.get(0).get("kind")).isEqualTo("method");
        return traces.get(0);
    }

    private static Map<String, Object> chatStep(String prompt) throws Exception {
        List<Map<String, Object>> rows = Db.rows(db, "SELECT * FROM steps WHERE operation = 'chat'"
                + " AND input_text LIKE '%" + prompt + "%'");
        assertThat(rows).as("chat steps for " + prompt).hasSize(1);
        return rows.get(0);
    }
}
