package io.traceflow.instrumentation.langchain4j.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;

/** The HTTP status of a failed model call, from the {@code HttpException} among its causes. */
class HttpStatusesTest {

    @Test
    void theHttpExceptionItself() {
        assertThat(HttpStatuses.of(new HttpException(404, "{\"error\":\"not found\"}"))).isEqualTo(404);
    }

    @Test
    void theHttpExceptionAProviderModuleWrapped() {
        assertThat(HttpStatuses.of(new RateLimitException(new HttpException(429, "slow down")))).isEqualTo(429);
        assertThat(HttpStatuses.of(new AuthenticationException(new HttpException(401, "bad key")))).isEqualTo(401);
    }

    @Test
    void anHttpExceptionDeeperDown() {
        RuntimeException thrown = new IllegalStateException("the AI Service failed",
                new InternalServerException("retries exhausted", new HttpException(503, "overloaded")));

        assertThat(HttpStatuses.of(thrown)).isEqualTo(503);
    }

    @Test
    void noHttpExceptionNoStatus() {
        assertThat(HttpStatuses.of(new InternalServerException("no response"))).isNull();
        assertThat(HttpStatuses.of(new UncheckedIOException(new java.io.IOException("connection refused"))))
                .isNull();
        assertThat(HttpStatuses.of(null)).isNull();
    }

    @Test
    void theChatAdapterAndTheEmbeddingsAdapterUseIt() {
        RateLimitException thrown = new RateLimitException(new HttpException(429, "slow down"));

        assertThat(LangChainChatAdapter.INSTANCE.httpStatus(thrown)).isEqualTo(429);
        assertThat(LangChainEmbeddingsAdapter.EMBED_ALL.httpStatus(thrown)).isEqualTo(429);
    }
}
