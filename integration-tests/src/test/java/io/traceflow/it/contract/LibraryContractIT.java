package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.traceflow.it.Db;
import io.traceflow.it.ForkedApp;

/**
 * The capabilities every client library must have, one interface each ({@link ChatContract}, {@link StreamContract},
 * {@link AsyncContract}, {@link ToolsContract}, {@link ErrorContract}, {@link NestingContract},
 * {@link CacheHitContract}, {@link ReplayMissContract}), asserted the same way for every library through the
 * neutral columns. A library's IT extends this class, names its scenario app, and implements the contracts it has;
 * its app implements the matching {@code contract-*} scenarios (docs/adding-a-library.md). The app runs twice, in
 * forked JVMs under the agent against the fake server on 127.0.0.1: live with the cache recording, then offline in
 * strict replay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LibraryContractIT implements Library {
    private Path dir;
    private Recording recording;

    /** The scenario app: {@code main(baseUrl, scenario...)}, printing {@code == scenario} before each. */
    protected abstract Class<?> app();

    /** {@code steps.provider} of the library's steps. */
    @Override
    public abstract String provider();

    /** The app method that {@code contract-nested} calls the library in, named in {@code traceflow.trace.methods}. */
    protected abstract String rootMethod();

    /** The library's fake endpoint; by default the fake OpenAI-compatible server. */
    protected FakeLlm startFake() throws Exception {
        return FakeLlm.openAi();
    }

    @Override
    public Recording recording() {
        return recording;
    }

    @BeforeAll
    void recordThenReplay() throws Exception {
        dir = Files.createTempDirectory("contract-" + getClass().getSimpleName());
        Path db = dir.resolve("contract.db");
        List<String> live = new ArrayList<>(List.of("contract-chat", "contract-stream"));
        List<String> offline = new ArrayList<>(live);
        if (this instanceof AsyncContract) {
            live.add("contract-async");
            offline.add("contract-async");
        }
        live.addAll(List.of("contract-tools", "contract-error", "contract-nested"));
        offline.addAll(List.of("contract-tools", "contract-nested", "contract-miss"));
        try (FakeLlm server = startFake()) {
            ForkedApp.Result recorded = run(db, server, "read-write", live);
            int requestsRecorded = server.requests();
            ForkedApp.Result replayed = run(db, server, "replay", offline);
            recording = new Recording(db, provider(), recorded, replayed, requestsRecorded,
                    server.requests() - requestsRecorded);
        }
    }

    private ForkedApp.Result run(Path db, FakeLlm server, String cache, List<String> scenarios)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(server.baseUrl()));
        args.addAll(scenarios);
        ForkedApp.Result result = ForkedApp.main(app()).property("traceflow.db", db.toString())
                .property("traceflow.cache", cache).property("traceflow.trace.methods", rootMethod())
                .args(args.toArray(String[]::new)).run();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    @AfterAll
    void deleteFiles() throws Exception {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theAgentSwallowedNoErrorAndLostNoEvent() throws Exception {
        assertThat(Db.count(recording.db(), "SELECT count(*) FROM agent_runs")).isEqualTo(2);
        assertThat(Db.count(recording.db(), "SELECT sum(advice_errors + events_dropped + events_failed)"
                + " FROM agent_runs")).isZero();
        assertThat(recording.recorded().agentLines()).hasSize(1);
    }
}
