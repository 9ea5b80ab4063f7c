package io.traceflow.bootstrap;

/**
 * Handles the instrumented methods of one library type. Implementations live in the agent's per-library plugin
 * loader, where the library's own types are visible; the advice only sees this JDK-typed interface.
 */
public interface CallHandler {
    /**
     * @param method the instrumented method's name
     * @param self the receiver
     * @param args the arguments, as passed
     * @return a scope for the exit hook, or null when this call is not recorded (e.g. nested in a recorded one)
     */
    CallScope enter(String method, Object self, Object[] args);
}
