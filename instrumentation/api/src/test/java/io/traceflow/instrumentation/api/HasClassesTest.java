package io.traceflow.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HasClassesTest {
    /** A loader that "has" exactly the given class files. */
    static ClassLoader having(String... classNames) {
        Set<String> resources = Set.of(classNames).stream().map(n -> n.replace('.', '/') + ".class")
                .collect(java.util.stream.Collectors.toSet());
        return new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                try {
                    return resources.contains(name) ? new URL("file:/fake/" + name) : null;
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    void matchesOnlyLoadersWithEveryLandmark() {
        HasClasses matcher = new HasClasses("openai", List.of("a.Present", "a.Newer"));
        assertThat(matcher.matches(having("a.Present", "a.Newer"))).isTrue();
        assertThat(matcher.matches(having())).isFalse();
        assertThat(matcher.matches(null)).isFalse();
    }

    @Test
    void anUnsupportedVersionIsSkippedWithOneLogLine() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            HasClasses matcher = new HasClasses("openai", List.of("a.Present", "a.Newer"));
            assertThat(matcher.matches(having("a.Present"))).isFalse();
            assertThat(matcher.matches(having("a.Present"))).isFalse();
            assertThat(matcher.matches(having())).isFalse(); // library absent: nothing to say
        } finally {
            System.setErr(original);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).singleElement().asString()
                .contains("[traceflow] WARN openai", "version TraceFlow does not support", "a.Newer");
    }
}
