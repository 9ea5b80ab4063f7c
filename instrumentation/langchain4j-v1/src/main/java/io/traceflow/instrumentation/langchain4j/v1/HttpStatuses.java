package io.traceflow.instrumentation.langchain4j.v1;

import dev.langchain4j.exception.HttpException;

/**
 * The HTTP status of a failed model call: provider modules throw LangChain4j's own exceptions
 * ({@code InternalServerException}, {@code RateLimitException}, …) around the {@code HttpException} that carries it.
 */
final class HttpStatuses {
    private HttpStatuses() {
    }

    static Integer of(Throwable error) {
        // Bounded: a cause chain that loops back on itself must not hang the writer thread.
        Throwable t = error;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        return null;
    }
}
