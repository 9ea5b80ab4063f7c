package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.traceflow.it.Db;
import io.traceflow.it.ForkedApp;

/**
 * What one library's scenario app did under the agent, in two runs on one file: recorded live (with the response
 * cache on, {@code read-write}), then replayed offline ({@code traceflow.cache=replay}). Rows are read the way a
 * user with {@code sqlite3} would, and only through the neutral columns where content is concerned: the point of
 * the contract is that every library reads the same there.
 */
public record Recording(Path db, String provider, ForkedApp.Result recorded, ForkedApp.Result replayed,
        int requestsRecorded, int requestsReplayed) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The one model step of the live run whose input contains {@code prompt}. */
    public Map<String, Object> step(String prompt) throws Exception {
        return only(steps(prompt, false), prompt);
    }

    /** The one model step of the replay run whose input contains {@code prompt}. */
    public Map<String, Object> replayedStep(String prompt) throws Exception {
        return only(steps(prompt, true), prompt);
    }

    /** Every step (of any library) of {@code traceId}, in order. */
    public List<Map<String, Object>> trace(Object traceId) throws Exception {
        return Db.rows(db, "SELECT s.*, t.kind AS trace_kind, t.status AS trace_status, t.root_step_id,"
                + " t.ended_at AS trace_ended_at FROM steps s JOIN traces t ON t.id = s.trace_id WHERE s.trace_id = '"
                + traceId + "' ORDER BY s.seq, s.started_at");
    }

    /** The trace row of a step. */
    public Map<String, Object> traceOf(Map<String, Object> step) throws Exception {
        return Db.rows(db, "SELECT * FROM traces WHERE id = '" + step.get("trace_id") + "'").get(0);
    }

    /** The step's parent step. */
    public Map<String, Object> parentOf(Map<String, Object> step) throws Exception {
        return Db.rows(db, "SELECT * FROM steps WHERE id = '" + step.get("parent_step_id") + "'").get(0);
    }

    /** What the app printed for one scenario (between its "== name" line and the next). */
    public static String printed(ForkedApp.Result run, String scenario) {
        String out = run.stdout();
        int start = out.indexOf("== " + scenario + "\n");
        assertThat(start).as("scenario " + scenario + " ran:\n" + run).isGreaterThanOrEqualTo(0);
        int end = out.indexOf("\n== ", start + 1);
        return end < 0 ? out.substring(start) : out.substring(start, end + 1);
    }

    public static JsonNode json(Object text) throws Exception {
        assertThat(text).as("a neutral column").isNotNull();
        return JSON.readTree((String) text);
    }

    private List<Map<String, Object>> steps(String prompt, boolean replay) throws Exception {
        // The replay run is the newer of the two agent runs; its traces carry its run id.
        return Db.rows(db, "SELECT s.* FROM steps s JOIN traces t ON t.id = s.trace_id WHERE s.provider = '"
                + provider + "' AND s.operation IN ('chat', 'responses', 'embeddings') AND s.input_text LIKE '%"
                + prompt.replace("'", "''") + "%' AND t.run_id " + (replay ? "=" : "<>")
                + " (SELECT id FROM agent_runs ORDER BY started_at DESC LIMIT 1) ORDER BY s.started_at");
    }

    private static Map<String, Object> only(List<Map<String, Object>> steps, String prompt) {
        assertThat(steps).as("one model step for '" + prompt + "'").hasSize(1);
        return steps.get(0);
    }
}
