package io.traceflow.eval.builtin;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * {@code json_valid[:SCHEMA_FILE]}: the answer is one JSON document (surrounding white space allowed, nothing
 * else: a Markdown code fence around it fails); with a schema file, it also validates against that JSON Schema.
 * An answer made only of tool calls is not judged (see {@code tool_args_valid}).
 */
public final class JsonValid extends ContentEvaluator {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path schemaFile;
    private final JsonSchemas.Compiled schema;

    public JsonValid() {
        this(null, null);
    }

    private JsonValid(Path schemaFile, JsonSchemas.Compiled schema) {
        this.schemaFile = schemaFile;
        this.schema = schema;
    }

    @Override
    public String name() {
        return "json_valid";
    }

    @Override
    public Evaluator configure(String argument) {
        if (argument == null || argument.isEmpty()) {
            return this;
        }
        Path file = Path.of(argument);
        return new JsonValid(file, JsonSchemas.load(file));
    }

    @Override
    EvalResult evaluateAnswer(StepView step, String answer) {
        if (answer.isBlank() && !step.toolCalls().isEmpty()) {
            return null;
        }
        JsonNode document;
        try {
            document = STRICT.readTree(answer);
        } catch (JsonProcessingException e) {
            return EvalResult.fail("not valid JSON: " + e.getOriginalMessage() + location(e));
        }
        if (document == null || document.isMissingNode()) {
            return EvalResult.fail("not valid JSON: the answer is empty");
        }
        if (schema == null) {
            return EvalResult.pass("valid JSON");
        }
        List<String> problems = schema.problems(document);
        if (problems.isEmpty()) {
            return EvalResult.pass("valid JSON, matches " + schemaFile.getFileName());
        }
        return EvalResult.fail("valid JSON, but does not match " + schemaFile.getFileName() + ": "
                + String.join("; ", problems));
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
