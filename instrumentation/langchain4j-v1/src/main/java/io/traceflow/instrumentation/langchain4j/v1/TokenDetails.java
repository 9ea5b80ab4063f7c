package io.traceflow.instrumentation.langchain4j.v1;

import java.lang.reflect.Method;

import dev.langchain4j.model.output.TokenUsage;

/**
 * The token counts provider modules add to LangChain4j's {@code TokenUsage} in subclasses of their own (OpenAI:
 * {@code inputTokensDetails().cachedTokens()}, {@code outputTokensDetails().reasoningTokens()}; Anthropic:
 * {@code cacheReadInputTokens()}, {@code cacheCreationInputTokens()}), read by name so that no provider module is
 * needed at compile time. Null where a provider reports none.
 */
final class TokenDetails {
    private TokenDetails() {
    }

    static Integer cacheRead(TokenUsage usage) {
        Integer direct = integer(usage, "cacheReadInputTokens");
        return direct != null ? direct : integer(call(usage, "inputTokensDetails"), "cachedTokens");
    }

    static Integer cacheCreation(TokenUsage usage) {
        return integer(usage, "cacheCreationInputTokens");
    }

    static Integer reasoning(TokenUsage usage) {
        Integer direct = integer(usage, "thoughtsTokenCount");
        return direct != null ? direct : integer(call(usage, "outputTokensDetails"), "reasoningTokens");
    }

    private static Integer integer(Object target, String method) {
        return call(target, method) instanceof Number n ? n.intValue() : null;
    }

    private static Object call(Object target, String name) {
        if (target == null || target.getClass() == TokenUsage.class) {
            return null;
        }
        try {
            Method method = target.getClass().getMethod(name);
            return method.getParameterCount() == 0 ? method.invoke(target) : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
