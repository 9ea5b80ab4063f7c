package io.traceflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parsers on their own: what each accepts, and that each rejection carries the "allowed" text the loader puts
 * into the user's one-line message.
 */
class ValueParsersTest {

    @Nested
    class Bool {
        private final ValueParser<Boolean> parser = ValueParsers.bool();

        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", "True", " true "})
        void acceptsTrueInAnyCaseAndSpacing(String raw) throws Exception {
            assertThat(parser.parse(raw)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "FALSE", "\tfalse\n"})
        void acceptsFalseInAnyCaseAndSpacing(String raw) throws Exception {
            assertThat(parser.parse(raw)).isFalse();
        }

        // yes/1/on are deliberately not booleans: one spelling per value keeps the docs and the messages simple.
        @ParameterizedTest
        @ValueSource(strings = {"maybe", "yes", "1", "on", "", "t"})
        void rejectsAnythingElse(String raw) {
            assertThatThrownBy(() -> parser.parse(raw)).isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).allowed()).isEqualTo("true or false");
        }
    }

    @Nested
    class IntRange {
        private final ValueParser<Integer> parser = ValueParsers.intRange(1, 100);

        @Test
        void acceptsBoundsAndTrimsSpaces() throws Exception {
            assertThat(parser.parse("1")).isEqualTo(1);
            assertThat(parser.parse("100")).isEqualTo(100);
            assertThat(parser.parse(" 42 ")).isEqualTo(42);
        }

        @Test
        void acceptsUnderscoresAsDigitGroupingLikeJavaLiterals() throws Exception {
            assertThat(ValueParsers.intRange(1, 10_000_000).parse("65_536")).isEqualTo(65_536);
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "-5", "0", "101", "1.5", "", " ", "0x10", "99999999999", "1e3"})
        void rejectsNonIntegersAndOutOfRange(String raw) {
            assertThatThrownBy(() -> parser.parse(raw)).isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).allowed())
                    .isEqualTo("an integer from 1 to 100");
        }
    }

    @Nested
    class OneOf {
        private final ValueParser<String> parser = ValueParsers.oneOf("off", "error", "warn", "info", "debug");

        @Test
        void matchesCaseInsensitivelyAndReturnsLowerCase() throws Exception {
            assertThat(parser.parse("WARN")).isEqualTo("warn");
            assertThat(parser.parse(" debug ")).isEqualTo("debug");
        }

        @ParameterizedTest
        @ValueSource(strings = {"verbose", "", "warning", "info,debug"})
        void rejectsUnknownWordsListingTheAllowedOnes(String raw) {
            assertThatThrownBy(() -> parser.parse(raw)).isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).allowed())
                    .isEqualTo("one of off, error, warn, info, debug");
        }
    }

    @Nested
    class PathParser {
        private final ValueParser<java.nio.file.Path> parser = ValueParsers.path();

        @Test
        void trimsAndKeepsRelativePathsRelative() throws Exception {
            assertThat(parser.parse(" ./data/traces.db ")).isEqualTo(Paths.get("./data/traces.db"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void rejectsBlank(String raw) {
            assertThatThrownBy(() -> parser.parse(raw)).isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).allowed()).isEqualTo("a file path");
        }

        @Test
        void rejectsAPathTheFileSystemCannotRepresent() {
            assertThatThrownBy(() -> parser.parse("bad\u0000name.db")).isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).allowed()).isEqualTo("a valid file path");
        }
    }

    @Nested
    class OptionalText {
        @Test
        void emptyMeansNoneAndTextIsTrimmed() throws Exception {
            assertThat(ValueParsers.optionalText().parse("")).isEmpty();
            assertThat(ValueParsers.optionalText().parse(" app.properties ")).isEqualTo("app.properties");
        }
    }

    @Nested
    class NameList {
        private final ValueParser<List<String>> parser = ValueParsers.nameList("all");

        @ParameterizedTest
        @ValueSource(strings = {"all", "ALL", " all "})
        void allAloneStandsForEveryName(String raw) throws Exception {
            assertThat(parser.parse(raw)).containsExactly("all");
        }

        @ParameterizedTest
        @ValueSource(strings = {"none", "NONE", "", "  "})
        void noneOrEmptyMeansNothing(String raw) throws Exception {
            assertThat(parser.parse(raw)).isEmpty();
        }

        @Test
        void aListKeepsTheUsersOrderAndDropsRepeats() throws Exception {
            assertThat(parser.parse("openai")).containsExactly("openai");
            assertThat(parser.parse("langchain4j, OpenAI")).containsExactly("langchain4j", "openai");
            assertThat(parser.parse("openai,openai")).containsExactly("openai");
            assertThat(parser.parse("spring-ai,x_2")).as("names the parser does not know: the agent checks them")
                    .containsExactly("spring-ai", "x_2");
        }

        @ParameterizedTest
        @ValueSource(strings = {"openai;langchain4j", "open ai", "openai,,langchain4j", "2openai", "openai,*"})
        void somethingThatIsNoNameRejectsTheWholeValue(String raw) {
            assertThatThrownBy(() -> parser.parse(raw)).isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).allowed())
                    .isEqualTo("a comma-separated list of instrumentation names; or all; or none");
        }
    }

    @Nested
    class RegexList {
        private final ValueParser<List<Pattern>> parser = ValueParsers.regexList();

        @Test
        void splitsOnDoubleSemicolonSoCommasInQuantifiersSurvive() throws Exception {
            List<Pattern> patterns = parser.parse("a{2,};;b{1,3}");
            assertThat(patterns).extracting(Pattern::pattern).containsExactly("a{2,}", "b{1,3}");
        }

        @Test
        void trimsEachPatternAndSkipsEmptyOnes() throws Exception {
            assertThat(parser.parse(" x+ ;; ;;y ;;")).extracting(Pattern::pattern).containsExactly("x+", "y");
        }

        @Test
        void emptyTextMeansNoRedaction() throws Exception {
            assertThat(parser.parse("")).isEmpty();
        }

        @Test
        void aSingleSemicolonIsPartOfThePattern() throws Exception {
            assertThat(parser.parse("a;b")).extracting(Pattern::pattern).containsExactly("a;b");
        }

        @Test
        void aBadPatternIsNamedWithTheRegexEngineReason() {
            assertThatThrownBy(() -> parser.parse("ok;;[ab")).isInstanceOf(InvalidValueException.class)
                    .extracting(e -> ((InvalidValueException) e).allowed()).asString()
                    .startsWith("Java regular expressions separated by ;; (")
                    .contains("in '[ab'")
                    .contains("Unclosed character class");
        }

        @Test
        void theDefaultCatchesApiKeysAndBearerTokens() throws Exception {
            List<Pattern> patterns = parser.parse(Settings.REDACT.defaultText());
            assertThat(patterns).hasSize(2);
            String text = "key=sk-abcdefghijklmnop1234 header: Authorization: Bearer abc.DEF-123~xyz";
            String redacted = text;
            for (Pattern p : patterns) {
                redacted = p.matcher(redacted).replaceAll("[REDACTED]");
            }
            assertThat(redacted).isEqualTo("key=[REDACTED] header: Authorization: [REDACTED]");
        }
    }
}
