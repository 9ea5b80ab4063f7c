package io.traceflow.core.store;

import java.sql.ResultSet;
import java.sql.SQLException;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;

/**
 * A stored step's neutral form, for readers (the viewer, the command line, exports), whatever version of TraceFlow
 * recorded it: the neutral columns of schema version 4, or, in a file still at an older version (readers open files
 * as they are, without migrating them), the same form read from what that version stored, as migration 4 does.
 */
public final class NeutralColumns {
    /** The schema version that added the neutral columns. */
    public static final int SINCE_VERSION = 4;

    private NeutralColumns() {
    }

    /**
     * The neutral columns for a query's select list ({@code alias} e.g. {@code "s."}); on an older file, nulls under
     * the same names. {@link #read} also needs {@code provider, operation, request_json, response_json, input_text,
     * output_text} on an older file.
     */
    public static String select(String alias, int schemaVersion) {
        String[] columns = {"system_instructions_json", "input_messages_json", "output_messages_json",
                "tool_definitions_json", "parameters_json"};
        StringBuilder out = new StringBuilder();
        for (String column : columns) {
            out.append(out.length() > 0 ? ", " : "")
                    .append(schemaVersion >= SINCE_VERSION ? alias + column : "NULL AS " + column);
        }
        return out.toString();
    }

    /** The neutral form of the current row of a query that selected {@link #select}. */
    public static Exchange read(ResultSet rs, int schemaVersion) throws SQLException {
        if (schemaVersion < SINCE_VERSION) {
            return fromStored(rs.getString("provider"), rs.getString("operation"), rs.getString("request_json"),
                    rs.getString("response_json"), rs.getString("input_text"), rs.getString("output_text"));
        }
        Exchange exchange = new Exchange();
        exchange.systemInstructions.addAll(NeutralJson.readInstructions(rs.getString("system_instructions_json")));
        exchange.input.addAll(NeutralJson.readMessages(rs.getString("input_messages_json")));
        exchange.output.addAll(NeutralJson.readMessages(rs.getString("output_messages_json")));
        exchange.answered = !exchange.output.isEmpty();
        exchange.tools.addAll(NeutralJson.readTools(rs.getString("tool_definitions_json")));
        exchange.parameters.putAll(NeutralJson.readParameters(rs.getString("parameters_json")));
        return exchange;
    }

    /**
     * The neutral form of a row recorded before version 4, from the JSON it stored ({@link StoredRows}). Where that
     * JSON was cut ({@code traceflow.capture.max.chars}) or is absent, the readable text stands in: the input as one
     * user message, the output as one assistant message. A row recorded without content has none.
     */
    static Exchange fromStored(String provider, String operation, String requestJson, String responseJson,
            String inputText, String outputText) {
        Exchange exchange;
        try {
            exchange = StoredRows.read(provider, operation, requestJson, responseJson, inputText, outputText);
        } catch (RuntimeException e) {
            exchange = null; // a shape this reader does not know: the readable text below stands in
        }
        if (exchange == null) {
            exchange = new Exchange();
        }
        if (exchange.input.isEmpty() && exchange.systemInstructions.isEmpty() && inputText != null) {
            exchange.in(Message.text(Message.USER, inputText));
        }
        if (exchange.output.isEmpty() && outputText != null && exchange.embeddingDimensions.isEmpty()) {
            exchange.out(Message.text(Message.ASSISTANT, outputText));
        }
        return exchange;
    }
}
