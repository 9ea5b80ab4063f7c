package io.traceflow.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.NeutralJson;

/**
 * Migration 4's data step: fills the neutral columns of the steps recorded before them, read from the shapes those
 * versions stored ({@link StoredRows}). Their content was redacted and cut when it was recorded, so it is copied as
 * it is. Where a row's JSON was cut ({@code traceflow.capture.max.chars}) or is absent, its readable text stands in:
 * the input as one user message, the output as one assistant message, as the viewer showed them before. Rows
 * recorded without content stay without. Works in slices of rowids, so no cursor stays open over rows it updates.
 */
final class NeutralBackfill implements Migration.DataStep {
    private static final int SLICE = 500;

    @Override
    public void apply(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT rowid, provider, operation, request_json,"
                + " response_json, input_text, output_text FROM steps WHERE rowid > ? ORDER BY rowid LIMIT " + SLICE);
             PreparedStatement update = connection.prepareStatement("UPDATE steps SET response_id = ?,"
                     + " system_instructions_json = ?, input_messages_json = ?, output_messages_json = ?,"
                     + " tool_definitions_json = ?, parameters_json = ? WHERE rowid = ?")) {
            long after = Long.MIN_VALUE;
            while (true) {
                select.setLong(1, after);
                int rows = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong(1);
                        if (fill(update, rs)) {
                            update.setLong(7, after);
                            update.addBatch();
                        }
                    }
                }
                update.executeBatch();
                if (rows < SLICE) {
                    return;
                }
            }
        }
    }

    private static boolean fill(PreparedStatement update, ResultSet rs) throws SQLException {
        String requestJson = rs.getString(4);
        String responseJson = rs.getString(5);
        String inputText = rs.getString(6);
        String outputText = rs.getString(7);
        if (requestJson == null && responseJson == null && inputText == null && outputText == null) {
            return false; // recorded without content
        }
        Exchange exchange = NeutralColumns.fromStored(rs.getString(2), rs.getString(3), requestJson, responseJson,
                inputText, outputText);
        UnaryOperator<String> asStored = UnaryOperator.identity();
        update.setString(1, exchange.responseId);
        update.setString(2, NeutralJson.instructions(exchange.systemInstructions, asStored));
        update.setString(3, NeutralJson.messages(exchange.input, asStored));
        update.setString(4, NeutralJson.messages(exchange.output, asStored));
        update.setString(5, NeutralJson.tools(exchange.tools, true, asStored));
        update.setString(6, NeutralJson.parameters(exchange.parameters));
        return true;
    }
}
