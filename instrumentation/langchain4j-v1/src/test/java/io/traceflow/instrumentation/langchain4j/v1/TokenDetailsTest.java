package io.traceflow.instrumentation.langchain4j.v1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;

/**
 * The token counts provider modules add in {@code TokenUsage} subclasses, read by name: langchain4j-open-ai's real
 * {@code OpenAiTokenUsage}, and stand-ins with the accessors of the Anthropic and Gemini modules.
 */
class TokenDetailsTest {

    @Test
    void openAisCachedAndReasoningTokens() {
        OpenAiTokenUsage usage = RecordedChat.openAiUsage();

        assertThat(TokenDetails.cacheRead(usage)).isEqualTo(1024);
        assertThat(TokenDetails.reasoning(usage)).isEqualTo(192);
        assertThat(TokenDetails.cacheCreation(usage)).as("OpenAI reports none").isNull();
    }

    @Test
    void openAiUsageWithoutDetails() {
        OpenAiTokenUsage usage = OpenAiTokenUsage.builder().inputTokenCount(10).outputTokenCount(2)
                .totalTokenCount(12).build();

        assertThat(TokenDetails.cacheRead(usage)).isNull();
        assertThat(TokenDetails.reasoning(usage)).isNull();
    }

    @Test
    void aPlainTokenUsageHasNoDetails() {
        TokenUsage usage = new TokenUsage(10, 2, 12);

        assertThat(TokenDetails.cacheRead(usage)).isNull();
        assertThat(TokenDetails.cacheCreation(usage)).isNull();
        assertThat(TokenDetails.reasoning(usage)).isNull();
    }

    @Test
    void anthropicsCacheReadAndCreationCounts() {
        AnthropicLikeUsage usage = new AnthropicLikeUsage();

        assertThat(TokenDetails.cacheRead(usage)).isEqualTo(1800);
        assertThat(TokenDetails.cacheCreation(usage)).isEqualTo(248);
        assertThat(TokenDetails.reasoning(usage)).isNull();
    }

    @Test
    void geminisThoughtsTokens() {
        assertThat(TokenDetails.reasoning(new GeminiLikeUsage())).isEqualTo(77);
    }

    /** As langchain4j-anthropic's {@code AnthropicTokenUsage}. */
    public static final class AnthropicLikeUsage extends TokenUsage {
        AnthropicLikeUsage() {
            super(2095, 503, 2598);
        }

        public Integer cacheReadInputTokens() {
            return 1800;
        }

        public Integer cacheCreationInputTokens() {
            return 248;
        }
    }

    /** As langchain4j-google-ai-gemini's {@code GeminiTokenUsage}. */
    public static final class GeminiLikeUsage extends TokenUsage {
        GeminiLikeUsage() {
            super(100, 200, 300);
        }

        public Integer thoughtsTokenCount() {
            return 77;
        }
    }
}
