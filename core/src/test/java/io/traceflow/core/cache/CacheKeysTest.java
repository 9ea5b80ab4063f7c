package io.traceflow.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CacheKeysTest {
    static final String A = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"temperature\":0.2,\"max_tokens\":64}";
    static final String SAME_REORDERED = "{\"max_tokens\":64,\"temperature\":0.2,"
            + "\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"model\":\"gpt-4o-mini\"}";

    static String key(String body, List<String> ignore) {
        return CacheKeys.key("openai", "chat", "http://x/v1", "", CacheKeys.canonical(body, ignore));
    }

    @Test
    void fieldOrderDoesNotChangeTheKey() {
        assertThat(key(A, List.of())).isEqualTo(key(SAME_REORDERED, List.of())).hasSize(64);
    }

    @Test
    void defaultValuedAndNonOutputParametersDoNotChangeTheKey() {
        String body = A.substring(0, A.length() - 1) + ",\"n\":1,\"top_p\":1.0,\"presence_penalty\":0,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"user\":\"u-123\",\"metadata\":null,\"seed\":null}";
        assertThat(key(body, List.of())).isEqualTo(key(A, List.of()));
    }

    @Test
    void everythingThatShapesTheAnswerChangesTheKey() {
        String base = key(A, List.of());
        assertThat(key(A.replace("0.2", "0.3"), List.of())).isNotEqualTo(base);
        assertThat(key(A.replace("\"hi\"", "\"hello\""), List.of())).isNotEqualTo(base);
        assertThat(key(A.replace("gpt-4o-mini", "gpt-4o"), List.of())).isNotEqualTo(base);
        assertThat(key(A.replace("64", "65"), List.of())).isNotEqualTo(base);
        String canonical = CacheKeys.canonical(A, List.of());
        assertThat(CacheKeys.key("openai", "chat.stream", "http://x/v1", "", canonical)).isNotEqualTo(base);
        assertThat(CacheKeys.key("openai", "chat", "http://y/v1", "", canonical)).isNotEqualTo(base);
        assertThat(CacheKeys.key("openai", "chat", "http://x/v1", "suite-a", canonical)).isNotEqualTo(base);
    }

    @Test
    void ignoredParametersAreLeftOut() {
        String withSeed = A.substring(0, A.length() - 1) + ",\"seed\":42}";
        assertThat(key(withSeed, List.of("seed"))).isEqualTo(key(A, List.of("seed")));
        assertThat(key(withSeed, List.of())).isNotEqualTo(key(A, List.of()));
    }

    @Test
    void frameworkParametersObjectIsCanonicalizedLikeTheTopLevel() {
        String lc = "{\"model\":\"m\",\"messages\":[],\"parameters\":{\"temperature\":0.0,\"user\":\"x\",\"top_p\":1}}";
        String lcOther = "{\"parameters\":{\"temperature\":0.0},\"messages\":[],\"model\":\"m\"}";
        assertThat(CacheKeys.canonical(lc, List.of())).isEqualTo(CacheKeys.canonical(lcOther, List.of()));
    }

    @Test
    void notJsonIsKeyedByItsText() {
        assertThat(CacheKeys.canonical("not json {", List.of())).isEqualTo("not json {");
    }
}
