package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.fake.FakeOpenAiServer;

/**
 * A Spring Boot executable fat jar (built by it-apps/spring-boot-app) run as {@code java -javaagent:... -jar}: the
 * OpenAI SDK is loaded from {@code BOOT-INF/lib} by Boot's {@code LaunchedClassLoader}, where most deployed LLM
 * apps run, and its calls are recorded just as on a flat class path.
 */
class SpringBootJarIT {
    static final Path BOOT_JAR = Path.of(System.getProperty("boot.app.jar",
            "../it-apps/spring-boot-app/target/traceflow-it-spring-boot-app-exec.jar")).toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    static Path db;
    static ForkedApp.Result traced;
    static ForkedApp.Result plain;

    @BeforeAll
    static void runBothWays() throws Exception {
        assertThat(BOOT_JAR).as("the Boot jar; build with -pl integration-tests -am").isRegularFile();
        db = dir.resolve("boot.db");
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            traced = ForkedApp.jar(BOOT_JAR).property("traceflow.db", db.toString()).args(server.baseUrl()).run();
            plain = ForkedApp.jar(BOOT_JAR).withoutAgent().args(server.baseUrl()).run();
        }
        assertThat(traced.exitCode()).as(traced.toString()).isZero();
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
    }

    @Test
    void theSdkRunsInsideBootsNestedJarLoader() {
        assertThat(plain.stdout()).contains("loader org.springframework.boot.loader.launch.LaunchedClassLoader",
                "sdk nested in BOOT-INF/lib: true", "Echo: Hello from Boot", "Echo: Stream from Boot");
    }

    @Test
    void appOutputIsByteIdenticalWithAndWithoutTheAgent() {
        assertThat(traced.stdout()).isEqualTo(plain.stdout());
        assertThat(traced.agentLines()).hasSize(1);
        assertThat(traced.agentLines().get(0)).contains("recording to", "openai");
    }

    @Test
    void blockingAndStreamingChatAreRecorded() throws Exception {
        List<Map<String, Object>> steps = Db.rows(db, "SELECT * FROM steps ORDER BY started_at");
        assertThat(steps).extracting(s -> s.get("operation") + ":" + s.get("status")).containsExactly("chat:ok", "chat:ok");
        assertThat(steps.get(0).get("input_text")).isEqualTo("user: Hello from Boot");
        assertThat(steps.get(0).get("output_text")).isEqualTo("Echo: Hello from Boot");
        assertThat(steps.get(0).get("model")).isEqualTo("gpt-4o-mini");
        assertThat(steps.get(0).get("total_tokens")).isNotNull();
        assertThat((String) steps.get(0).get("base_url")).startsWith("http://127.0.0.1:");
        assertThat(steps.get(1).get("output_text")).isEqualTo("Echo: Stream from Boot");
        assertThat(steps.get(1).get("ttft_ms")).isNotNull();
        assertThat(Db.count(db, "SELECT advice_errors + events_dropped + events_failed FROM agent_runs")).isZero();
        String bytes = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("sk-boot-secret");
    }
}
