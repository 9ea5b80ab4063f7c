package io.traceflow.instrumentation.openai.v4;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.EmbeddingServiceAsyncImpl;
import com.openai.services.async.ResponseServiceAsyncImpl;
import com.openai.services.async.chat.ChatCompletionServiceAsyncImpl;
import com.openai.services.blocking.EmbeddingServiceImpl;
import com.openai.services.blocking.ModelServiceImpl;
import com.openai.services.blocking.ResponseServiceImpl;
import com.openai.services.blocking.chat.ChatCompletionServiceImpl;
import com.openai.services.blocking.chat.completions.MessageServiceImpl;

import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * The handler of each hooked SDK service type: which operation its calls are, and whether they are async and raw
 * ({@code withRawResponse()}). The hooks name these types (OpenAiInstrumentation); the SDK's own implementation
 * classes are used here, so a renamed or moved service shows up.
 */
class OpenAiCallHandlerTest {

    static Stream<Arguments> hookedServices() {
        return Stream.of(
                Arguments.of(ChatCompletionServiceImpl.class, "chat", false, false),
                Arguments.of(ChatCompletionServiceImpl.WithRawResponseImpl.class, "chat", false, true),
                Arguments.of(ChatCompletionServiceAsyncImpl.class, "chat", true, false),
                Arguments.of(ChatCompletionServiceAsyncImpl.WithRawResponseImpl.class, "chat", true, true),
                Arguments.of(ResponseServiceImpl.class, "responses", false, false),
                Arguments.of(ResponseServiceImpl.WithRawResponseImpl.class, "responses", false, true),
                Arguments.of(ResponseServiceAsyncImpl.class, "responses", true, false),
                Arguments.of(ResponseServiceAsyncImpl.WithRawResponseImpl.class, "responses", true, true),
                Arguments.of(EmbeddingServiceImpl.class, "embeddings", false, false),
                Arguments.of(EmbeddingServiceImpl.WithRawResponseImpl.class, "embeddings", false, true),
                Arguments.of(EmbeddingServiceAsyncImpl.class, "embeddings", true, false),
                Arguments.of(EmbeddingServiceAsyncImpl.WithRawResponseImpl.class, "embeddings", true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hookedServices")
    void eachHookedServiceIsItsOperationBlockingOrAsyncParsedOrRaw(Class<?> service, String operation,
            boolean async, boolean raw) {
        OpenAiCallHandler handler = new OpenAiCallHandler(service);

        assertThat(field(handler, "operation")).isEqualTo(operation);
        assertThat(field(handler, "async")).isEqualTo(async);
        assertThat(field(handler, "raw")).isEqualTo(raw);
    }

    @Test
    void aServiceOfNoModelCallIsUnknown() {
        assertThat(field(new OpenAiCallHandler(ModelServiceImpl.class), "operation")).isEqualTo("unknown");
        assertThat(field(new OpenAiCallHandler(ModelServiceImpl.WithRawResponseImpl.class), "raw")).isEqualTo(true);
    }

    @Test
    void aChatCompletionsSubServiceIsStillChat() {
        // Stored completions' messages (not hooked): named by the package, as every chat service is.
        assertThat(field(new OpenAiCallHandler(MessageServiceImpl.class), "operation")).isEqualTo("chat");
    }

    @Test
    void withTheAgentOffACallIsNotRecordedAndRunsAsIs() {
        assertThat(TraceFlowRuntime.current()).isNull();
        OpenAiCallHandler handler = new OpenAiCallHandler(ChatCompletionServiceImpl.class);
        ChatCompletionCreateParams params = OpenAiAdapterReadTest.streamingRequest();

        assertThat(handler.enter("create", new Object(), new Object[] {params, null})).isNull();
        assertThat(handler.enter("createStreaming", new Object(), new Object[] {params, null})).isNull();
    }

    private static Object field(OpenAiCallHandler handler, String name) {
        try {
            Field field = OpenAiCallHandler.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(handler);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("OpenAiCallHandler has no field " + name + " any more", e);
        }
    }
}
