package io.traceflow.eval;

import io.traceflow.core.config.StepFilter;
import io.traceflow.eval.api.StepView;
import io.traceflow.eval.api.TraceView;

/** Whether a step or a trace matches a spec's {@link StepFilter} ({@code {model=gpt-4o*;trace=Assistant.*}}). */
public final class StepFilters {
    private StepFilters() {
    }

    /** Every condition holds for the step: its model, operation, provider, status, trace name and trace kind. */
    public static boolean matches(StepFilter filter, StepView step) {
        return filter.matches(key -> switch (key) {
            case "model" -> step.model();
            case "operation" -> step.operation();
            case "provider" -> step.provider();
            case "status" -> step.status();
            case "trace" -> step.traceName();
            default -> step.traceKind();
        });
    }

    /**
     * Every condition holds for the trace: {@code trace}, {@code kind} and {@code status} are the trace's own;
     * {@code model}, {@code operation} and {@code provider} hold when any step of the trace matches.
     */
    public static boolean matches(StepFilter filter, TraceView trace) {
        for (String key : filter.conditions().keySet()) {
            boolean ok = switch (key) {
                case "trace" -> filter.test(key, trace.name());
                case "kind" -> filter.test(key, trace.kind());
                case "status" -> filter.test(key, trace.status());
                default -> trace.steps().stream().anyMatch(s -> filter.test(key, switch (key) {
                    case "model" -> s.model();
                    case "operation" -> s.operation();
                    default -> s.provider();
                }));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
