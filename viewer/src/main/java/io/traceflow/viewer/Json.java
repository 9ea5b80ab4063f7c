package io.traceflow.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;

/** The viewer's one JSON mapper, and lenient parsing of the JSON columns (which may be cut or absent). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /** Parses stored JSON; text that is null, empty, truncated or otherwise invalid becomes a NullNode. */
    static JsonNode parseLenient(String text) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null ? NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return NullNode.getInstance();
        }
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
