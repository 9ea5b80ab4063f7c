package io.traceflow.eval.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * JSON Schema validation (networknt json-schema-validator) for {@code json_valid} and {@code tool_args_valid}. A
 * schema without {@code $schema} is read as draft 2020-12. Remote {@code $ref}s are not fetched: evaluation never
 * reaches the network for a schema.
 */
public final class JsonSchemas {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final int MAX_MESSAGES = 3;

    private JsonSchemas() {
    }

    /** A compiled schema. */
    public static final class Compiled {
        private final Schema schema;

        private Compiled(Schema schema) {
            this.schema = schema;
        }

        /** Up to three messages describing where {@code instance} breaks the schema; empty when it is valid. */
        public List<String> problems(JsonNode instance) {
            List<String> out = new ArrayList<>();
            for (Error error : schema.validate(instance)) {
                if (out.size() == MAX_MESSAGES) {
                    out.add("...");
                    break;
                }
                out.add(error.toString());
            }
            return out;
        }
    }

    public static Compiled compile(JsonNode schema) {
        return new Compiled(REGISTRY.getSchema(schema));
    }

    /** Reads and compiles a schema file; {@link IllegalArgumentException} when it cannot be read or is not JSON. */
    public static Compiled load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the JSON Schema file " + file + " (" + e + ")");
        }
        JsonNode node = Payloads.parse(text);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(file + " is not a JSON Schema (not a JSON object)");
        }
        try {
            return compile(node);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a usable JSON Schema: " + e.getMessage());
        }
    }
}
