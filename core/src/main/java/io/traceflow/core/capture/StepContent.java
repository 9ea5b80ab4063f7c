package io.traceflow.core.capture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.traceflow.core.config.ContentPolicy;
import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.ReadableText;
import io.traceflow.schema.Operations;
import io.traceflow.core.model.StepRow;

/**
 * Fills a step's content columns from its {@link Exchange}, the same way for every library: the verbatim request
 * and response JSON, the neutral columns, the readable text, model, usage and finish reason. Every text goes
 * through the {@link ContentPolicy} (left out, redacted, cut); the neutral JSON is cleaned string by string, so it
 * stays valid JSON whatever is cut. Runs on the writer thread.
 */
public final class StepContent {
    private StepContent() {
    }

    /**
     * Without content, parameters keep their numbers and switches only (temperature, max tokens, stream…): any text
     * or structure (stop sequences, a predicted output, a JSON schema) may carry what the app sent.
     */
    private static Map<String, Object> settingsOnly(Map<String, Object> parameters) {
        Map<String, Object> kept = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (value instanceof Number || value instanceof Boolean) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    public static void fill(StepRow row, Exchange exchange, ContentPolicy policy) {
        if (exchange.model != null) {
            row.model = exchange.model;
        }
        row.responseModel = exchange.responseModel;
        row.responseId = exchange.responseId;
        row.finishReason = exchange.finishReason;
        row.promptTokens = exchange.usage.input();
        row.completionTokens = exchange.usage.output();
        row.totalTokens = exchange.usage.total();
        row.cachedTokens = exchange.usage.cacheRead();
        row.cacheCreationTokens = exchange.usage.cacheCreation();
        row.reasoningTokens = exchange.usage.reasoning();

        row.requestJson = policy.content(exchange.requestJson, row);
        row.responseJson = policy.content(exchange.responseJson, row);
        UnaryOperator<String> clean = text -> policy.clean(text, row);
        if (policy.captureContent()) {
            row.systemInstructionsJson = NeutralJson.instructions(exchange.systemInstructions, clean);
            row.inputMessagesJson = NeutralJson.messages(exchange.input, clean);
            row.outputMessagesJson = NeutralJson.messages(exchange.output, clean);
        }
        // Without content, tools keep their type and name only (the conventions' simplified form).
        row.toolDefinitionsJson = NeutralJson.tools(exchange.tools, policy.captureContent(), clean);
        row.parametersJson = policy.redact(NeutralJson.parameters(policy.captureContent() ? exchange.parameters
                : settingsOnly(exchange.parameters)));
        String operation = row.operation == null ? Operations.UNKNOWN : row.operation;
        row.inputText = policy.content(ReadableText.input(operation, exchange), row);
        row.outputText = policy.content(ReadableText.output(operation, exchange), row);

        Map<String, Object> attributes = new LinkedHashMap<>(exchange.attributes);
        if (!exchange.embeddingDimensions.isEmpty()) {
            attributes.put("embedding_dimensions", exchange.embeddingDimensions);
        }
        if (!attributes.isEmpty()) {
            row.attributesJson = NeutralJson.toJson(attributes);
        }
    }
}
