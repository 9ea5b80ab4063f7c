package io.traceflow.instrumentation.langchain4j.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import io.traceflow.core.format.NeutralJson;

/**
 * {@link BeanSnapshot}: a provider module's value objects to plain JDK values and back through their builders, by
 * name only, with the real classes of langchain4j-open-ai.
 */
class BeanSnapshotTest {
    private static final ClassLoader LOADER = BeanSnapshotTest.class.getClassLoader();

    @Test
    void aSnapshotHoldsTheClassAndTheBuilderPropertiesNestedAsSnapshots() {
        Map<String, Object> snapshot = BeanSnapshot.of(RecordedChat.openAiMetadata());

        assertThat(snapshot).containsEntry("class", OpenAiChatResponseMetadata.class.getName());
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) snapshot.get("properties");
        assertThat(properties).containsEntry("id", "chatcmpl-BdR1a2B3c4D5e6F7g8H9i0JkLmN")
                .containsEntry("modelName", "o4-mini-2025-04-16").containsEntry("finishReason", "TOOL_EXECUTION")
                .containsEntry("created", 1748779199L).containsEntry("serviceTier", "default")
                .containsEntry("systemFingerprint", "fp_34a54ae93c")
                .as("raw HTTP exchanges, log probabilities: not kept").doesNotContainKeys("rawHttpResponse",
                        "rawServerSentEvents", "logProbs", "toBuilder", "hashCode", "toString");
        @SuppressWarnings("unchecked")
        Map<String, Object> usage = (Map<String, Object>) properties.get("tokenUsage");
        assertThat(usage).containsEntry("class", OpenAiTokenUsage.class.getName());
        assertThat(usage.get("properties")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("inputTokenCount", 1312).containsEntry("totalTokenCount", 1557)
                .containsEntry("inputTokensDetails", Map.of("class",
                        OpenAiTokenUsage.InputTokensDetails.class.getName(), "properties", Map.of("cachedTokens", 1024)));
    }

    @Test
    void aSnapshotBuildsAnEqualObjectOfTheSameClassesAfterJson() throws Exception {
        OpenAiChatResponseMetadata live = RecordedChat.openAiMetadata();
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = (Map<String, Object>) NeutralJson.fromJson(NeutralJson.toJson(
                BeanSnapshot.of(live)));

        Object built = BeanSnapshot.build(stored, LOADER, ChatResponseMetadata.class);

        assertThat(built).isExactlyInstanceOf(OpenAiChatResponseMetadata.class).isEqualTo(live);
        assertThat(((OpenAiChatResponseMetadata) built).tokenUsage()).isExactlyInstanceOf(OpenAiTokenUsage.class)
                .isEqualTo(live.tokenUsage());
        assertThat(((OpenAiChatResponseMetadata) built).created()).as("a Long, though small").isEqualTo(1748779199L);
    }

    @Test
    void aPlainTokenUsageHasNoBuilderButIsKept() throws Exception {
        TokenUsage usage = new TokenUsage(10, 3, 13);

        Map<String, Object> snapshot = BeanSnapshot.of(usage);
        Object built = BeanSnapshot.build(snapshot, LOADER, Object.class);

        assertThat(snapshot).isEqualTo(Map.of("class", TokenUsage.class.getName(), "properties",
                Map.of("inputTokenCount", 10, "outputTokenCount", 3, "totalTokenCount", 13)));
        assertThat(built).isExactlyInstanceOf(TokenUsage.class).isEqualTo(usage);
    }

    @Test
    void plainMetadataWithAPartialUsage() throws Exception {
        ChatResponseMetadata live = ChatResponseMetadata.builder().modelName("m").tokenUsage(new TokenUsage(5))
                .finishReason(FinishReason.LENGTH).build();

        Object built = BeanSnapshot.build(BeanSnapshot.of(live), LOADER, Object.class);

        assertThat(built).isExactlyInstanceOf(ChatResponseMetadata.class).isEqualTo(live);
        assertThat(((ChatResponseMetadata) built).id()).isNull();
    }

    @Test
    void anObjectWithoutABuilderHasNoSnapshot() {
        assertThat(BeanSnapshot.of(null)).isNull();
        assertThat(BeanSnapshot.of(List.of("a"))).isNull();
        assertThat(BeanSnapshot.of(new Object())).isNull();
    }

    @Test
    void propertiesTheBuilderNoLongerHasAreSkipped() throws Exception {
        Map<String, Object> snapshot = new LinkedHashMap<>(BeanSnapshot.of(RecordedChat.openAiMetadata()));
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) snapshot.get("properties"));
        properties.put("aPropertyOfAnotherVersion", "x");
        snapshot.put("properties", properties);

        assertThat(BeanSnapshot.build(snapshot, LOADER, Object.class)).isEqualTo(RecordedChat.openAiMetadata());
    }

    @Test
    void aMissingClassFails() {
        Map<String, Object> snapshot = Map.of("class", "dev.langchain4j.model.gone.GoneMetadata", "properties",
                Map.of());

        assertThatThrownBy(() -> BeanSnapshot.build(snapshot, LOADER, Object.class))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aClassTheCacheFileNamesIsNeitherInitializedNorBuiltUnlessItIsTheExpectedType() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("class", Initializing.class.getName());
        snapshot.put("properties", Map.of());
        assertThatThrownBy(() -> BeanSnapshot.build(snapshot, LOADER, ChatResponseMetadata.class))
                .isInstanceOf(ClassCastException.class);
        assertThat(HOSTILE_INITIALIZED).as("its static initializer never ran").isFalse();
    }

    static final java.util.concurrent.atomic.AtomicBoolean HOSTILE_INITIALIZED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** A class a hostile cache file could name: its initializer must not run. */
    static final class Initializing {
        static {
            HOSTILE_INITIALIZED.set(true);
        }

        public static Object builder() {
            return new Object();
        }
    }
}
