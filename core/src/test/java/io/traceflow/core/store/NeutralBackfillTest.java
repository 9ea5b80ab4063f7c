package io.traceflow.core.store;

import static io.traceflow.core.format.Fixtures.parse;
import static io.traceflow.core.format.Fixtures.read;
import static io.traceflow.core.store.TestDb.count;
import static io.traceflow.core.store.TestDb.exec;
import static io.traceflow.core.store.TestDb.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.openai.OpenAiWire;

/** Migration 4 on a real version-3 file whose steps were written in the shapes versions 1 to 3 stored. */
class NeutralBackfillTest {
    static final String EMBEDDINGS_SUMMARY = "{\"object\":\"list\",\"model\":\"text-embedding-3-small\",\"data\":["
            + "{\"index\":0,\"dimensions\":4},{\"index\":1,\"dimensions\":4}],\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}";
    /** What ChatPayloads.responseJson stored for a LangChain4j answer before version 4. */
    static final String LANGCHAIN4J_RESPONSE = "{\"id\":\"chatcmpl-Lc4jOld01\",\"model\":\"gpt-4o-mini-2024-07-18\","
            + "\"tool_calls\":[{\"id\":\"call_Hn5dF0gJ6kL2mN8pQ4rS1tUv\",\"name\":\"getWeather\",\"arguments\":"
            + "\"{\\\"city\\\":\\\"Rome\\\"}\"}],\"finish_reason\":\"TOOL_EXECUTION\",\"usage\":{\"input_tokens\":120,"
            + "\"output_tokens\":18,\"total_tokens\":138}}";

    @TempDir
    Path dir;

    private static Migrator upTo(int version) {
        return new Migrator(Schema.MIGRATIONS.subList(0, version));
    }

    private Path versionThreeFile(String name) throws Exception {
        Path db = dir.resolve(name);
        try (Connection c = TestDb.raw(db)) {
            upTo(3).migrate(c, name);
            assertThat(Migrator.userVersion(c)).isEqualTo(3);
            assertThat(TestDb.strings(c, "SELECT name FROM pragma_table_info('steps') WHERE name LIKE '%messages_json'"))
                    .isEmpty();
        }
        return db;
    }

    private static void step(Connection c, String id, String provider, String operation, String requestJson,
            String responseJson, String inputText, String outputText) throws Exception {
        exec(c, "INSERT OR IGNORE INTO traces (id, name, kind, started_at, status) VALUES ('t-" + id + "', '" + id
                + "', 'auto', 1000, 'ok')");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO steps (id, trace_id, seq, name, provider, operation,"
                + " request_json, response_json, input_text, output_text, prompt_tokens, started_at, status)"
                + " VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 7, 1000, 'ok')")) {
            p.setString(1, id);
            p.setString(2, "t-" + id);
            p.setString(3, id);
            p.setString(4, provider);
            p.setString(5, operation);
            p.setString(6, requestJson);
            p.setString(7, responseJson);
            p.setString(8, inputText);
            p.setString(9, outputText);
            p.executeUpdate();
        }
    }

    /** One column of one step, through SQLite's JSON functions where a path is given. */
    private static String column(Connection c, String id, String expression) throws Exception {
        return string(c, "SELECT " + expression + " FROM steps WHERE id = '" + id + "'");
    }

    @Test
    void oldRowsGetTheirNeutralColumns() throws Exception {
        Path db = versionThreeFile("old.db");
        String chatRequest = read("openai/chat-request-full.json");
        String chatResponse = read("openai/chat-response-tool-calls.json");
        String cutRequest = chatRequest.substring(0, 700) + "…[truncated]";
        try (Connection c = TestDb.raw(db)) {
            step(c, "openai-chat", "openai", "chat", chatRequest, chatResponse,
                    "developer: You are a weather assistant. Answer in one sentence.\nuser: What's the weather…",
                    "tool call get_weather({\"city\":\"Paris\",\"unit\":\"celsius\"})");
            step(c, "openai-embeddings", "openai", "embeddings", read("openai/embeddings-request-array.json"),
                    EMBEDDINGS_SUMMARY, "alpha\nbeta", "2 embedding(s), dimensions 4, 4");
            step(c, "lc4j-chat", "langchain4j", "chat", read("langchain4j/chat-request-1.0.x.json"), LANGCHAIN4J_RESPONSE,
                    "system: You are a weather assistant.", "tool call getWeather({\"city\":\"Rome\"})");
            step(c, "lc4j-embeddings", "langchain4j", "embeddings", "{\"input\":[\"first text\",\"second text\"]}",
                    null, "first text\nsecond text", "2 embedding(s), dimensions 384, 384");
            step(c, "tool", "langchain4j", "tool",
                    "{\"id\":\"call_1\",\"name\":\"getWeather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}",
                    "{\"result\":\"sunny\"}", "{\"city\":\"Paris\"}", "sunny");
            step(c, "root", "langchain4j", "ai_service", "{\"arguments\":[\"What's the weather in Paris?\"],"
                    + "\"method\":\"Assistant.chat\"}", "{\"result\":\"It is sunny.\"}", "What's the weather in Paris?",
                    "It is sunny.");
            step(c, "cut", "openai", "chat", cutRequest, chatResponse, "user: What's the weather in Paris and Ro…[truncated]",
                    "tool call get_weather(…)");
            step(c, "no-content", "openai", "chat", null, null, null, null);
            step(c, "unknown-library", "someday", "chat", "{\"whatever\":1}", "{}", "asked", "answered");
        }

        try (Connection c = TestDb.raw(db)) {
            assertThat(new Migrator(Schema.MIGRATIONS).migrate(c, "old.db")).isEqualTo(3);
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);

            // OpenAI chat: read from the wire JSON it stored
            Exchange expected = OpenAiWire.read("chat", chatRequest, chatResponse, null);
            assertThat(parse(column(c, "openai-chat", "input_messages_json")))
                    .isEqualTo(parse(NeutralJson.messages(expected.input, UnaryOperator.identity())));
            assertThat(column(c, "openai-chat", "json_extract(input_messages_json, '$[0].role')")).isEqualTo("system");
            assertThat(column(c, "openai-chat", "json_extract(input_messages_json, '$[7].parts[2].type')"))
                    .isEqualTo("blob");
            assertThat(column(c, "openai-chat", "json_extract(output_messages_json, '$[0].finish_reason')"))
                    .isEqualTo("tool_call");
            assertThat(column(c, "openai-chat", "json_extract(output_messages_json, '$[0].parts[1].arguments.city')"))
                    .isEqualTo("Rome");
            assertThat(column(c, "openai-chat", "json_extract(tool_definitions_json, '$[0].parameters.required[0]')"))
                    .isEqualTo("city");
            assertThat(column(c, "openai-chat", "json_extract(parameters_json, '$.max_tokens')")).isEqualTo("256");
            assertThat(column(c, "openai-chat", "response_id")).isEqualTo("chatcmpl-BdQ4wTq1kGhX7uV2nLm9ZyPq0RsAb");
            assertThat(column(c, "openai-chat", "system_instructions_json")).isNull();

            // OpenAI embeddings: the texts in, no output messages
            assertThat(parse(column(c, "openai-embeddings", "input_messages_json"))).isEqualTo(parse(
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"alpha\"},"
                            + "{\"type\":\"text\",\"content\":\"beta\"}]}]"));
            assertThat(column(c, "openai-embeddings", "output_messages_json")).isNull();
            assertThat(parse(column(c, "openai-embeddings", "parameters_json")))
                    .isEqualTo(parse("{\"dimensions\":4,\"encoding_formats\":[\"float\"]}"));

            // LangChain4j chat: the serializer's messages, TraceFlow's response shape
            assertThat(count(c, "SELECT json_array_length(input_messages_json) FROM steps WHERE id = 'lc4j-chat'"))
                    .isEqualTo(6);
            assertThat(column(c, "lc4j-chat", "json_extract(input_messages_json, '$[3].name')")).isEqualTo("getWeather");
            assertThat(column(c, "lc4j-chat", "json_extract(input_messages_json, '$[3].parts[0].type')"))
                    .isEqualTo("tool_call_response");
            assertThat(column(c, "lc4j-chat", "json_extract(output_messages_json, '$[0].parts[0].name')"))
                    .isEqualTo("getWeather");
            assertThat(column(c, "lc4j-chat", "json_extract(output_messages_json, '$[0].finish_reason')"))
                    .isEqualTo("tool_call");
            assertThat(column(c, "lc4j-chat", "json_extract(parameters_json, '$.max_tokens')")).isEqualTo("200");
            assertThat(column(c, "lc4j-chat", "json_extract(tool_definitions_json, '$[0].name')")).isEqualTo("getWeather");
            assertThat(column(c, "lc4j-chat", "response_id")).isEqualTo("chatcmpl-Lc4jOld01");

            assertThat(column(c, "lc4j-embeddings", "json_extract(input_messages_json, '$[0].parts[1].content')"))
                    .isEqualTo("second text");
            assertThat(column(c, "lc4j-embeddings", "output_messages_json")).isNull();

            // tool and root steps
            assertThat(parse(column(c, "tool", "input_messages_json"))).isEqualTo(parse("""
                    [{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"getWeather",
                      "arguments":{"city":"Paris"}}]}]"""));
            assertThat(parse(column(c, "tool", "output_messages_json"))).isEqualTo(parse("""
                    [{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"sunny"}],
                      "name":"getWeather"}]"""));
            assertThat(parse(column(c, "root", "input_messages_json"))).isEqualTo(parse(
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What's the weather in Paris?\"}]}]"));
            assertThat(parse(column(c, "root", "output_messages_json"))).isEqualTo(parse(
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It is sunny.\"}]}]"));

            // JSON cut when it was recorded: the input text stands in, the intact response is still read
            assertThat(parse(column(c, "cut", "input_messages_json"))).isEqualTo(parse("[{\"role\":\"user\",\"parts\":"
                    + "[{\"type\":\"text\",\"content\":\"user: What's the weather in Paris and Ro…[truncated]\"}]}]"));
            assertThat(column(c, "cut", "json_extract(output_messages_json, '$[0].parts[0].type')")).isEqualTo("tool_call");
            assertThat(column(c, "cut", "tool_definitions_json")).isNull();

            // recorded without content: stays without
            for (String neutral : new String[] {"response_id", "system_instructions_json", "input_messages_json",
                    "output_messages_json", "tool_definitions_json", "parameters_json"}) {
                assertThat(column(c, "no-content", neutral)).as(neutral).isNull();
            }

            // a library this version does not know: its text, as the viewer showed it
            assertThat(parse(column(c, "unknown-library", "input_messages_json"))).isEqualTo(parse(
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"asked\"}]}]"));
            assertThat(parse(column(c, "unknown-library", "output_messages_json"))).isEqualTo(parse(
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"answered\"}]}]"));

            // what was there is left as it was
            assertThat(column(c, "openai-chat", "request_json")).isEqualTo(chatRequest);
            assertThat(column(c, "tool", "output_text")).isEqualTo("sunny");
            assertThat(count(c, "SELECT count(*) FROM steps WHERE prompt_tokens = 7")).isEqualTo(9);
            assertThat(count(c, "SELECT count(*) FROM steps WHERE cache_creation_tokens IS NOT NULL")).isZero();
            // and the full-text index still finds them
            assertThat(count(c, "SELECT count(*) FROM steps_fts WHERE steps_fts MATCH 'sunny'")).isEqualTo(2);
        }
        // the current TraceFlow opens the migrated file as its own
        try (Connection c = TraceStore.openForWriting(db)) {
            assertThat(count(c, "SELECT count(*) FROM steps")).isEqualTo(9);
        }
    }

    @Test
    void moreRowsThanOneSlice() throws Exception {
        Path db = versionThreeFile("many.db");
        try (Connection c = TestDb.raw(db)) {
            exec(c, "INSERT INTO traces (id, started_at) VALUES ('t', 1000)",
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1203)"
                            + " INSERT INTO steps (id, trace_id, seq, provider, operation, request_json, response_json,"
                            + " input_text, output_text, started_at, status)"
                            + " SELECT 's' || i, 't', i, 'langchain4j', 'tool',"
                            + " '{\"id\":\"call_' || i || '\",\"name\":\"t\",\"arguments\":\"{}\"}',"
                            + " '{\"result\":\"r' || i || '\"}', '{}', 'r' || i, 1000 + i, 'ok' FROM n");
            new Migrator(Schema.MIGRATIONS).migrate(c, "many.db");

            assertThat(count(c, "SELECT count(*) FROM steps WHERE input_messages_json IS NULL"
                    + " OR output_messages_json IS NULL")).isZero();
            assertThat(string(c, "SELECT json_extract(output_messages_json, '$[0].parts[0].response') FROM steps"
                    + " WHERE id = 's1203'")).isEqualTo("r1203");
            assertThat(string(c, "SELECT json_extract(input_messages_json, '$[0].parts[0].id') FROM steps"
                    + " WHERE id = 's501'")).isEqualTo("call_501");
        }
    }

    @Test
    void anEmptyFileMigrates() throws Exception {
        Path db = versionThreeFile("empty.db");
        try (Connection c = TestDb.raw(db)) {
            assertThat(new Migrator(Schema.MIGRATIONS).migrate(c, "empty.db")).isEqualTo(3);
            assertThat(Migrator.userVersion(c)).isEqualTo(4);
            assertThat(TestDb.strings(c, "SELECT name FROM pragma_table_info('steps') WHERE name IN ('response_id',"
                    + " 'cache_creation_tokens', 'system_instructions_json', 'input_messages_json', 'output_messages_json',"
                    + " 'tool_definitions_json', 'parameters_json') ORDER BY name")).hasSize(7);
            assertThat(count(c, "SELECT count(*) FROM steps")).isZero();
        }
        // and a new file goes through every migration at once
        Path fresh = dir.resolve("fresh.db");
        try (Connection c = TraceStore.openForWriting(fresh)) {
            assertThat(Migrator.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
        }
    }
}
