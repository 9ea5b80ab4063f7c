package io.traceflow.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.instrumentation.api.InstrumentationModule;

/**
 * The agent finds its instrumentation modules instead of listing them; {@code traceflow.instrumentations} selects
 * among what it found, and the docs' table of names is what it found.
 */
class InstrumentationsTest {
    static final List<InstrumentationModule> FOUND =
            Instrumentations.found(InstrumentationsTest.class.getClassLoader());

    @Test
    void everyModuleOnTheClassPathIsFoundByItsServicesFile() {
        assertThat(FOUND).extracting(InstrumentationModule::name)
                .containsExactlyInAnyOrder("openai", "langchain4j", "executors", "methods");
    }

    @Test
    void allSelectsEverySelectableModuleAndTraceMethodsSwitchOnTheirOwn() {
        assertThat(names(select(Map.of()))).containsExactlyInAnyOrder("openai", "langchain4j", "executors");
        assertThat(names(select(Map.of("traceflow.trace.methods", "com.acme.Agent#run"))))
                .containsExactlyInAnyOrder("openai", "langchain4j", "executors", "methods");
        assertThat(names(select(Map.of("traceflow.instrumentations", "none", "traceflow.trace.methods",
                "com.acme.Agent#run")))).containsExactly("methods");
    }

    @Test
    void aListSelectsThoseModules() {
        Instrumentations.Selection selection = select(Map.of("traceflow.instrumentations", "langchain4j,executors"));
        assertThat(names(selection)).containsExactlyInAnyOrder("langchain4j", "executors");
        assertThat(selection.problem()).isNull();
    }

    @Test
    void aNameTheAgentDoesNotHaveIsOneProblemAndTheDefaultApplies() {
        Instrumentations.Selection selection = select(Map.of("traceflow.instrumentations", "openai,spring-ai"));
        assertThat(names(selection)).containsExactlyInAnyOrder("openai", "langchain4j", "executors");
        assertThat(selection.problem()).contains("traceflow.instrumentations=openai,spring-ai",
                "no instrumentation named spring-ai", "openai, langchain4j, executors", "Using the default (all)");
    }

    @Test
    void theDocsTableListsExactlyTheSelectableModulesWithTheirDescriptions() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("test.repo.root", ".."), "docs/configuration.md"));
        String table = doc.substring(doc.indexOf("### Instrumentations"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9_-]+)` \\| (.+) \\|$").matcher(table);
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        Map<String, String> found = new LinkedHashMap<>();
        FOUND.stream().filter(InstrumentationModule::selectable).forEach(m -> found.put(m.name(), m.description()));
        assertThat(documented).as("the table under '### Instrumentations' in docs/configuration.md").isEqualTo(found);
    }

    private static Instrumentations.Selection select(Map<String, String> properties) {
        Config config = ConfigLoader.load(properties, Map.of());
        return Instrumentations.select(FOUND, config);
    }

    private static List<String> names(Instrumentations.Selection selection) {
        return selection.active().stream().map(InstrumentationModule::name).toList();
    }
}
