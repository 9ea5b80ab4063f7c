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
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        return null;
    }
}
