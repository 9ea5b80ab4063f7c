package io.traceflow.it.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A call made inside another recorded call ({@code contract-nested}: "Contract nested", inside the app method named
 * in {@code traceflow.trace.methods}) is one step, a child of the enclosing one, in its trace.
 */
public interface NestingContract extends Library {
    @Test
    default void aCallInsideARootIsOneChildStepOfIt() throws Exception {
        Map<String, Object> step = recording().step("Contract nested");
        assertThat(step.get("parent_step_id")).isNotNull();
        Map<String, Object> root = recording().parentOf(step);
        assertThat(root.get("operation")).isEqualTo("method");
        assertThat(root.get("trace_id")).isEqualTo(step.get("trace_id"));
        assertThat(recording().traceOf(step).get("kind")).isEqualTo("method");
        assertThat(recording().trace(step.get("trace_id")))
                .filteredOn(s -> provider().equals(s.get("provider")) && !"tool".equals(s.get("operation")))
                .as("one step per logical call, whatever the library calls internally").hasSize(1);
    }
}
