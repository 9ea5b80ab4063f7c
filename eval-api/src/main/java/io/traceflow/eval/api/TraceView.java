package io.traceflow.eval.api;

import java.util.List;

import io.traceflow.schema.Operations;

/**
 * A finished trace as a trace evaluator sees it: the columns of {@code traces} and its steps in order. JDK types
 * only. The evaluator's result is stored against the trace's root step ({@link #linkStepId()}).
 *
 * @param steps every step of the trace, in {@code seq} order
 */
public record TraceView(String id, String name, String kind, String status, String error, long startedAt,
        Long endedAt, String rootStepId, List<StepView> steps) {
    public TraceView {
        steps = List.copyOf(steps);
    }

    /** The root step (the AI Service call, the traced method, or for an {@code auto} trace its one step), or null. */
    public StepView rootStep() {
        for (StepView s : steps) {
            if (s.id().equals(rootStepId)) {
                return s;
            }
        }
        return null;
    }

    /** The step a trace-level result is stored against: the root step, else (root not recorded) the first step. */
    public String linkStepId() {
        StepView root = rootStep();
        if (root != null) {
            return root.id();
        }
        return steps.isEmpty() ? null : steps.get(0).id();
    }

    /** Wall time of the whole trace in ms: end minus start, else the root step's latency; null while unknown. */
    public Double durationMs() {
        if (endedAt != null) {
            return (double) (endedAt - startedAt);
        }
        StepView root = rootStep();
        return root == null ? null : root.latencyMs();
    }

    /**
     * The model calls of the trace (chat, responses, embeddings), in order, each LLM request once: a call that made
     * its request through an SDK recorded as its child ({@link StepView#madeModelCallsInside()}) is left out.
     */
    public List<StepView> modelCalls() {
        return steps.stream().filter(s -> s.isModelCall() && !s.madeModelCallsInside()).toList();
    }

    /** The tool executions of the trace, in order. */
    public List<StepView> toolSteps() {
        return steps.stream().filter(s -> Operations.TOOL.equals(s.operation())).toList();
    }

    /**
     * What the trace was asked: the root step's input (e.g. the AI Service method's arguments) when the root is not
     * itself a model call, else that call's input.
     */
    public String question() {
        StepView root = rootStep();
        if (root != null && root.inputText() != null) {
            return root.inputText();
        }
        List<StepView> calls = modelCalls();
        return calls.isEmpty() ? null : calls.get(0).inputText();
    }

    /**
     * The trace's final answer: the root step's output (the value the AI Service method returned) when there is
     * one, else the last model call's answer.
     */
    public String finalAnswer() {
        StepView root = rootStep();
        if (root != null && !root.isModelCall() && root.outputText() != null) {
            return root.outputText();
        }
        List<StepView> calls = modelCalls();
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).isGeneration() && !calls.get(i).answerText().isEmpty()) {
                return calls.get(i).answerText();
            }
        }
        return root == null ? null : root.answerText();
    }
}
