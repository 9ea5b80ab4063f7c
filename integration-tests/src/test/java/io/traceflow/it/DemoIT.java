package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, without its blocking viewer: {@code traceflow demo --no-serve}. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void theDemoRunsTheExampleAppUnderTheAgentAndRecordsBothLibraries() throws Exception {
        Path db = dir.resolve("demo.db");
        ForkedApp.Result demo = ForkedApp.jar(ForkedApp.AGENT_JAR).withoutAgent()
                .args("demo", "--no-serve", "--db", db.toString()).run();
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.stdout()).contains("Running the demo app under the agent", "app | ai service: Echo:",
                "The demo app recorded 8 traces into " + db.toAbsolutePath());
        assertThat(Db.count(db, "SELECT count(*) FROM steps WHERE provider = 'openai'")).isEqualTo(5);
        assertThat(Db.count(db, "SELECT count(*) FROM traces WHERE kind = 'ai_service'")).isEqualTo(2);
        assertThat(Db.count(db, "SELECT count(*) FROM steps WHERE provider = 'langchain4j' AND operation = 'tool'"))
                .isEqualTo(1);
        assertThat(Db.count(db, "SELECT count(*) FROM steps WHERE provider = 'langchain4j' AND ttft_ms IS NOT NULL"))
                .as("the streaming call").isEqualTo(1);
    }

    @Test
    void withoutTheExampleAppItSaysWhereItLookedAndHowToBuildIt() throws Exception {
        ForkedApp.Result demo = ForkedApp.jar(ForkedApp.AGENT_JAR).withoutAgent()
                .args("demo", "--no-serve", "--db", dir.resolve("x.db").toString(), "--app",
                        dir.resolve("missing.jar").toString()).run();
        assertThat(demo.exitCode()).isEqualTo(1);
        assertThat(demo.stderr().strip()).startsWith("traceflow: the demo app ").contains("does not exist");
    }
}
