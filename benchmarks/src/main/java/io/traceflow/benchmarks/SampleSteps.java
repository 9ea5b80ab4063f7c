package io.traceflow.benchmarks;

import java.lang.reflect.Field;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.function.UnaryOperator;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.openai.OpenAiWire;
import io.traceflow.core.model.StepRow;
import io.traceflow.core.util.Ids;

/**
 * Realistic steps for the write-path benchmarks: one OpenAI chat completion each (about 1 KB of request JSON, 1 KB
 * of response JSON, the prompt and answer as text, token counts, timings), each its own trace as an un-rooted call
 * is. Plus the raw JDBC statements and bindings the ceiling benchmark uses, mirroring {@code SqliteEventSink}.
 */
final class SampleSteps {
    static final String INPUT_TEXT = "You are a support assistant for Acme Cloud. Answer briefly and cite the"
            + " relevant documentation page when you can.\n\nMy deployment to eu-west-2 keeps failing with"
            + " 'quota exceeded for resource compute.instances' even though the dashboard shows only 3 of 10 used."
            + " What should I check?";

    static final String OUTPUT_TEXT = "That error usually comes from the regional quota, not the project-wide one"
            + " shown on the dashboard. Check these in order:\n1. Quotas page filtered to eu-west-2: the regional"
            + " limit for compute.instances may be lower than 10.\n2. Pending or stuck instances from earlier failed"
            + " deployments still count; list them with `acme compute instances list --region eu-west-2`.\n3. The"
            + " instance group's target size: a rolling update briefly needs surge capacity.\nSee"
            + " docs.acme.cloud/quotas#regional.";

    static final String REQUEST_JSON = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are a support assistant for Acme Cloud. Answer briefly and cite the relevant documentation page"
            + " when you can.\"},{\"role\":\"user\",\"content\":\"My deployment to eu-west-2 keeps failing with"
            + " 'quota exceeded for resource compute.instances' even though the dashboard shows only 3 of 10 used."
            + " What should I check?\"}],\"temperature\":0.2,\"top_p\":1.0,\"max_tokens\":512,\"n\":1,"
            + "\"presence_penalty\":0.0,\"frequency_penalty\":0.0,\"user\":\"tenant-4711\",\"tools\":[{\"type\":"
            + "\"function\",\"function\":{\"name\":\"lookup_quota\",\"description\":\"Returns the current quota and"
            + " usage of a resource in a region\",\"parameters\":{\"type\":\"object\",\"properties\":{\"region\":"
            + "{\"type\":\"string\",\"description\":\"Region id, e.g. eu-west-2\"},\"resource\":{\"type\":\"string\","
            + "\"description\":\"Resource name, e.g. compute.instances\"}},\"required\":[\"region\",\"resource\"]}}}],"
            + "\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"seed\":42,\"metadata\":{\"app\":"
            + "\"support-bot\",\"env\":\"prod\",\"ticket\":\"SUP-20931\"},\"stream\":false}";

    static final String RESPONSE_JSON = "{\"id\":\"chatcmpl-AqX7kP2mZ9vR4tYbN1cD8eF3gH6jK\",\"object\":"
            + "\"chat.completion\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\""
            + ":0,\"message\":{\"role\":\"assistant\",\"content\":\"That error usually comes from the regional quota,"
            + " not the project-wide one shown on the dashboard. Check these in order:\\n1. Quotas page filtered to"
            + " eu-west-2: the regional limit for compute.instances may be lower than 10.\\n2. Pending or stuck"
            + " instances from earlier failed deployments still count; list them with `acme compute instances list"
            + " --region eu-west-2`.\\n3. The instance group's target size: a rolling update briefly needs surge"
            + " capacity.\\nSee docs.acme.cloud/quotas#regional.\",\"refusal\":null,\"annotations\":[]},"
            + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":187,\"completion_tokens\":"
            + "118,\"total_tokens\":305,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
            + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
            + "\"system_fingerprint\":\"fp_0aa8d3e20b\"}";

    /**
     * The neutral columns the writer renders for this request and response (schema version 4), produced by the
     * production format code from the same JSON, so a benchmark row carries what a real row carries.
     */
    private static final Exchange EXCHANGE = OpenAiWire.read("chat", REQUEST_JSON, RESPONSE_JSON, null);
    static final String INPUT_MESSAGES_JSON = NeutralJson.messages(EXCHANGE.input, UnaryOperator.identity());
    static final String OUTPUT_MESSAGES_JSON = NeutralJson.messages(EXCHANGE.output, UnaryOperator.identity());
    static final String TOOL_DEFINITIONS_JSON = NeutralJson.tools(EXCHANGE.tools, true, UnaryOperator.identity());
    static final String PARAMETERS_JSON = NeutralJson.parameters(EXCHANGE.parameters);

    /** The trace row an un-rooted step implies; verbatim from SqliteEventSink's constructor. */
    static final String INSERT_TRACE = "INSERT INTO traces (id, name, kind, started_at, ended_at,"
            + " status, error, root_step_id, memory_id, run_id) VALUES (?,?,?,?,?,?,?,?,?,?)"
            + " ON CONFLICT(id) DO UPDATE SET name = coalesce(excluded.name, name),"
            + " kind = coalesce(excluded.kind, kind), root_step_id = coalesce(excluded.root_step_id, root_step_id),"
            + " memory_id = coalesce(excluded.memory_id, memory_id)";

    /** SqliteEventSink.INSERT_STEP itself (package-private in core), so the ceiling runs the very same statement. */
    static final String INSERT_STEP = readInsertStep();

    private SampleSteps() {
    }

    /**
     * A fresh step with new ids, stamped with the current time as a capture site would (so ids are time-ordered,
     * as in production); the large strings are shared, as they would be handed over by a capture site.
     */
    static StepRow newStep(String thread) {
        long nowMillis = System.currentTimeMillis();
        StepRow s = new StepRow();
        s.id = Ids.newId(nowMillis);
        s.traceId = Ids.newId(nowMillis);
        s.ownsTrace = true;
        s.seq = 0;
        s.name = "openai.chat.completions.create";
        s.provider = "openai";
        s.operation = "chat";
        s.model = "gpt-4o-mini";
        s.responseModel = "gpt-4o-mini-2024-07-18";
        s.requestJson = REQUEST_JSON;
        s.responseJson = RESPONSE_JSON;
        s.inputText = INPUT_TEXT;
        s.outputText = OUTPUT_TEXT;
        s.responseId = EXCHANGE.responseId;
        s.inputMessagesJson = INPUT_MESSAGES_JSON;
        s.outputMessagesJson = OUTPUT_MESSAGES_JSON;
        s.toolDefinitionsJson = TOOL_DEFINITIONS_JSON;
        s.parametersJson = PARAMETERS_JSON;
        s.promptTokens = 187L;
        s.completionTokens = 118L;
        s.totalTokens = 305L;
        s.cachedTokens = 0L;
        s.reasoningTokens = 0L;
        s.latencyMs = 1843.7;
        s.ttftMs = null;
        s.startedAt = nowMillis - 1844;
        s.endedAt = nowMillis;
        s.status = "ok";
        s.httpStatus = 200;
        s.finishReason = "stop";
        s.baseUrl = "https://api.openai.com/v1";
        s.thread = thread;
        return s;
    }

    /** Binds the trace row exactly as SqliteEventSink.step does for a step with ownsTrace. */
    static void bindOwnTrace(PreparedStatement p, StepRow s, String runId) throws SQLException {
        p.setString(1, s.traceId);
        p.setString(2, s.traceName != null ? s.traceName : s.name);
        p.setString(3, "auto");
        p.setLong(4, s.startedAt);
        setLong(p, 5, s.endedAt);
        p.setString(6, "ok".equals(s.status) ? "ok" : "error");
        p.setString(7, s.error);
        p.setString(8, s.id);
        p.setString(9, null);
        p.setString(10, runId);
    }

    private static void setLong(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setLong(index, value);
        }
    }

    private static String readInsertStep() {
        try {
            Field f = Class.forName("io.traceflow.core.write.SqliteEventSink").getDeclaredField("INSERT_STEP");
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read SqliteEventSink.INSERT_STEP; the ceiling must run the same"
                    + " statement as the writer", e);
        }
    }
}
