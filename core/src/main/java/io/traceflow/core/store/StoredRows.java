package io.traceflow.core.store;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.StepShapes;
import io.traceflow.core.format.langchain4j.LangChain4jShape;
import io.traceflow.core.format.openai.OpenAiWire;
import io.traceflow.schema.Operations;

/**
 * Reads a step row recorded before the neutral columns existed (schema version 3 and older) into its neutral form,
 * from the shapes those versions stored: the OpenAI API's wire JSON, TraceFlow's LangChain4j shape, and the tool,
 * root and embeddings shapes of {@link StepShapes}. Used by the migration that fills the neutral columns.
 */
final class StoredRows {
    private StoredRows() {
    }

    /** The neutral form of a stored row; null when its shape is unknown or its JSON is absent or unreadable. */
    static Exchange read(String provider, String operation, String requestJson, String responseJson,
            String inputText, String outputText) {
        if (operation == null) {
            return null;
        }
        switch (operation) {
            case Operations.TOOL:
                return StepShapes.readTool(requestJson, responseJson, inputText, outputText);
            case Operations.AI_SERVICE, Operations.METHOD:
                return StepShapes.readRoot(requestJson, responseJson, inputText, outputText);
            default:
                break;
        }
        if (requestJson == null && responseJson == null) {
            return null;
        }
        if ("openai".equals(provider)) {
            Exchange exchange = OpenAiWire.read(operation, requestJson, responseJson, null);
            exchange.responseJson = responseJson; // already stored in its final form
            return exchange;
        }
        if ("langchain4j".equals(provider)) {
            if (Operations.EMBEDDINGS.equals(operation)) {
                return StepShapes.readEmbeddings(requestJson, inputText, outputText);
            }
            Exchange exchange = new Exchange();
            exchange.requestJson = requestJson;
            exchange.responseJson = responseJson;
            LangChain4jShape.readRequest(requestJson, exchange);
            LangChain4jShape.readResponse(responseJson, exchange);
            return exchange;
        }
        return null;
    }
}
