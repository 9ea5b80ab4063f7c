package io.traceflow.instrumentation.openai.v4;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;

/**
 * The recorded payloads under {@code src/test/resources/fixtures/openai/} (see the README there), read into the SDK's
 * own types with the SDK's own mapper, as the adapter reads and writes them.
 */
final class SdkFixtures {
    static final ObjectMapper SDK = ObjectMappers.jsonMapper();

    private SdkFixtures() {
    }

    /** A fixture's text, e.g. {@code chat-response-text}. */
    static String text(String name) {
        try (InputStream in = SdkFixtures.class.getResourceAsStream("/fixtures/openai/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture as the SDK type it was written from. */
    static <T> T parse(String name, Class<T> type) {
        try {
            return SDK.readValue(text(name), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream fixture's chunks or events, in order, as the SDK's type. */
    static <T> List<T> elements(String name, Class<T> type) {
        List<T> out = new ArrayList<>();
        try {
            for (JsonNode element : SDK.readTree(text(name))) {
                out.add(SDK.treeToValue(element, type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static JsonNode tree(String json) {
        try {
            return SDK.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode fixtureTree(String name) {
        return tree(text(name));
    }
}
