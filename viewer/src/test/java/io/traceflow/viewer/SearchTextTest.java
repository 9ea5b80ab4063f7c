package io.traceflow.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTextTest {
    @Test
    void wordsBecomeQuotedPrefixesSoFts5SyntaxCannotBeInjected() {
        assertThat(SearchText.parse("Weather in PARIS").ftsQuery()).isEqualTo("\"weather\"* \"in\"* \"paris\"*");
        assertThat(SearchText.parse("a\" OR steps_fts:* NEAR(x)").ftsQuery())
                .isEqualTo("\"a\"* \"or\"* \"steps\"* \"fts\"* \"near\"* \"x\"*");
        assertThat(SearchText.parse("   ").isEmpty()).isTrue();
        assertThat(SearchText.parse(null).isEmpty()).isTrue();
        assertThat(SearchText.parse("<script>alert(1)</script>").words()).containsExactly("script", "alert", "1", "script");
        assertThat(SearchText.parse("café 東京").words()).containsExactly("café", "東京");
    }

    @Test
    void likePatternsEscapeWildcards() {
        assertThat(SearchText.likePattern("50%_off\\")).isEqualTo("%50\\%\\_off\\\\%");
    }

    @Test
    void atMostEightWords() {
        assertThat(SearchText.parse("a b c d e f g h i j").words()).hasSize(8);
    }
}
