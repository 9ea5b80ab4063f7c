package io.traceflow.eval.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.traceflow.eval.api.EvalResult;
import io.traceflow.eval.api.Evaluator;
import io.traceflow.eval.api.StepView;

/**
 * {@code tool_args_valid}: every tool call in the answer names a tool the request offered, and its arguments parse
 * as a JSON object that matches the JSON Schema of that tool's parameters. Score: the share of valid calls. Steps
 * without tool calls get no result.
 */
public final class ToolArgsValid implements Evaluator {
    @Override
    public String name() {
        return "tool_args_valid";
    }

    @Override
    public boolean appliesTo(StepView step) {
        return step.isGeneration();
    }

    @Override
    public EvalResult evaluate(StepView step) {
        if (!step.contentCaptured()) {
            return EvalResult.error("no content was captured for this step (traceflow.capture.content=false)");
        }
        List<StepView.ToolCall> calls = step.toolCalls();
        if (calls.isEmpty()) {
            return null;
        }
        Map<String, JsonNode> offered = Payloads.offeredTools(step);
        if (offered.isEmpty() && step.truncated()) {
            // A step recorded before the neutral format whose request was cut: what it offered is lost.
            return EvalResult.error("the tools the request offered are unknown (cut to traceflow.capture.max.chars)");
        }
        int valid = 0;
        List<String> problems = new ArrayList<>();
        for (StepView.ToolCall call : calls) {
            String problem = check(call, offered);
            if (problem == null) {
                valid++;
            } else {
                problems.add(call.name() + ": " + problem);
            }
        }
        double score = (double) valid / calls.size();
        if (problems.isEmpty()) {
            return EvalResult.of(score, true, valid + "/" + calls.size() + " tool call(s) valid");
        }
        return EvalResult.of(score, false, valid + "/" + calls.size() + " tool call(s) valid; "
                + String.join("; ", problems));
    }

    private static String check(StepView.ToolCall call, Map<String, JsonNode> offered) {
        if (call.name() == null || !offered.containsKey(call.name())) {
            return "not a tool the request offered" + (offered.isEmpty() ? " (none offered)"
                    : " (offered: " + String.join(", ", offered.keySet()) + ")");
        }
        JsonNode arguments = Payloads.parse(call.arguments() == null || call.arguments().isBlank() ? "{}"
                : call.arguments());
        if (arguments == null) {
            return "arguments are not valid JSON: " + ContentEvaluator.quote(String.valueOf(call.arguments()));
        }
        if (!arguments.isObject()) {
            return "arguments are not a JSON object";
        }
        JsonNode schema = offered.get(call.name());
        if (schema == null || !schema.isObject() || schema.isEmpty()) {
            return null;
        }
        List<String> schemaProblems;
        try {
            schemaProblems = JsonSchemas.compile(schema).problems(arguments);
        } catch (RuntimeException e) {
            return "the tool's parameter schema is not usable (" + e.getMessage() + ")";
        }
        return schemaProblems.isEmpty() ? null : String.join("; ", schemaProblems);
    }
}
