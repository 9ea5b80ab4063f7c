package io.traceflow.schema;

/** The values of {@code traces.kind} (docs/schema.md): what made a trace. */
public final class TraceKinds {
    /** A call made outside any root: a trace of its own (or a manual tool loop linked by tool-call ids). */
    public static final String AUTO = "auto";
    /** A LangChain4j AI Service call. */
    public static final String AI_SERVICE = "ai_service";
    /** A method named in {@code traceflow.trace.methods}. */
    public static final String METHOD = "method";

    private TraceKinds() {
    }
}
