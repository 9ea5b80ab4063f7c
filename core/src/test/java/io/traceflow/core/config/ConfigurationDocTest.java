package io.traceflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md is the user's reference, {@link Settings#ALL} is the truth: this test fails as soon as the
 * two disagree, and says which cell to change. The doc's table has one row per setting, in Settings.ALL order:
 *
 * <pre>| Key | Env var | Type | Default | Meaning |</pre>
 *
 * Key, Env var and Default are code spans; an empty default is written as the bare word (none), not in backticks,
 * so it cannot be mistaken for a value to type. A {@code |} inside a cell is written {@code \|} (Markdown tables
 * need that even inside code spans), and this test unescapes it before comparing.
 */
class ConfigurationDocTest {
    static final String DOC = "docs/configuration.md";
    static final String HEADER = "| Key | Env var | Type | Default | Meaning |";
    static final String NONE = "(none)";

    private static final Pattern SEPARATOR = Pattern.compile("\\|(\\s*:?-+:?\\s*\\|){5}");
    private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]*)`");

    @Test
    void theReferenceTableMatchesSettingsAll() throws IOException {
        List<String> drift = drift(Files.readString(docPath(), StandardCharsets.UTF_8), Settings.ALL);
        if (!drift.isEmpty()) {
            fail(DOC + " and Settings.ALL disagree. Fix the doc (or the Setting, if the doc is right):\n  - "
                    + String.join("\n  - ", drift));
        }
    }

    @Test
    void theExampleConfigFileIsValid(@TempDir Path dir) throws IOException {
        String example = fencedBlock(Files.readString(docPath(), StandardCharsets.UTF_8), "properties");
        Path file = dir.resolve("example.properties");
        Files.writeString(file, example, StandardCharsets.UTF_8);

        Config config = ConfigLoader.load(Map.of("traceflow.config", file.toString()), Map.of());

        assertThat(config.problems()).as("the ```properties example in " + DOC + " must load cleanly").isEmpty();
        assertThat(config.explicitSettings()).as("the example should set something").hasSizeGreaterThan(1);
    }

    @Test
    void theExampleProblemLinesAreWhatTheAgentReallyPrints() throws IOException {
        String example = fencedBlock(Files.readString(docPath(), StandardCharsets.UTF_8), "text");
        Config config = ConfigLoader.load(
                Map.of("traceflow.queue.capacity", "abc", "traceflow.queue.capacty", "5000"), Map.of());
        // AgentInstaller prints each problem with AgentLog.warn, which adds this prefix.
        List<String> printed = config.problems().stream().map(p -> "[traceflow] WARN " + p.message()).toList();

        assertThat(example.lines().toList())
                .as("the ```text example in %s must quote the loader's current messages word for word", DOC)
                .containsExactlyInAnyOrderElementsOf(printed);
    }

    /** The checker itself, on generated tables: a drift check that never fails would pass every build. */
    @Nested
    class DriftCheck {
        private final List<Setting<?>> settings = Settings.ALL;

        @Test
        void aTableGeneratedFromTheSettingsHasNoDrift() {
            assertThat(drift(table(settings), settings)).isEmpty();
        }

        @Test
        void aMissingRowIsReportedWithTheRowToAdd() {
            String doc = table(settings).replace(row(Settings.BATCH_SIZE) + "\n", "");
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("missing row for traceflow.batch.size", "after traceflow.flush.interval.ms",
                            row(Settings.BATCH_SIZE));
        }

        @Test
        void anExtraRowIsReported() {
            String doc = table(settings) + "| `traceflow.bogus` | `TRACEFLOW_BOGUS` | boolean | `true` | Nothing. |\n";
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("traceflow.bogus", "not in Settings.ALL", "remove the row");
        }

        @Test
        void aDuplicatedRowIsReported() {
            String doc = table(settings) + row(Settings.DB) + "\n";
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("traceflow.db", "listed twice", "delete one");
        }

        @Test
        void aWrongEnvVarIsReportedWithTheRightOne() {
            String doc = table(settings).replace("`TRACEFLOW_BATCH_SIZE`", "`TRACEFLOW_BATCHSIZE`");
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("traceflow.batch.size", "Env var", "TRACEFLOW_BATCHSIZE", "`TRACEFLOW_BATCH_SIZE`");
        }

        @Test
        void aWrongTypeIsReportedWithTheRightOne() {
            String doc = table(settings).replace("integer 1..100000 |", "integer 1..1000 |");
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("traceflow.batch.size", "Type", "integer 1..1000", "integer 1..100000");
        }

        @Test
        void aWrongDefaultIsReportedWithTheRightOne() {
            String doc = table(settings).replace("| `1024` |", "| `512` |");
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("traceflow.batch.size", "Default", "512", "`1024`");
        }

        @Test
        void anEmptyDefaultMustBeWrittenAsNone() {
            String doc = table(settings).replace("| (none) |", "| `` |");
            assertThat(drift(doc, settings)).hasSize((int) settings.stream().filter(s -> s.defaultText().isEmpty()).count())
                    .anySatisfy(problem -> assertThat(String.valueOf(problem)).contains("traceflow.config", "Default", NONE));
        }

        @Test
        void aRealDefaultMustBeACodeSpan() {
            String doc = table(settings).replace("| `1024` |", "| 1024 |");
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("traceflow.batch.size", "Default", "backticks");
        }

        @Test
        void anUnescapedPipeIsReportedAsOneCellTooMany() {
            String doc = table(settings).replace("off\\|error", "off|error");
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("traceflow.log.level", "6 cells", "\\|");
        }

        @Test
        void escapedPipesAreComparedUnescaped() {
            assertThat(row(Settings.LOG_LEVEL)).contains("off\\|error\\|warn\\|info\\|debug");
            assertThat(drift(table(settings), settings)).isEmpty();
        }

        @Test
        void rowsOutOfOrderAreReported() {
            String doc = table(settings).replace(row(Settings.ENABLED) + "\n", "") + row(Settings.ENABLED) + "\n";
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("not in Settings.ALL order", "traceflow.enabled, traceflow.config");
        }

        @Test
        void aMissingTableIsReported() {
            assertThat(drift("# Configuration\n\nNothing here.\n", settings)).singleElement().asString()
                    .contains("no table", HEADER);
        }

        @Test
        void anEmptyMeaningIsReported() {
            String doc = table(settings).replace(" Most events the writer puts in one transaction. |", "  |");
            assertThat(drift(doc, settings)).singleElement().asString()
                    .contains("traceflow.batch.size", "Meaning");
        }
    }

    // ----- the checker -----

    /** One parsed table row; cells are trimmed and unescaped, code-span backticks still on. */
    record Row(int line, String key, String envVar, String type, String defaultCell, String meaning) {
    }

    /** The parsed rows, plus keys whose row was already reported as malformed (so not also as missing). */
    record Table(List<Row> rows, Set<String> malformedKeys) {
    }

    /** Everything wrong with the doc's table, as instructions; empty when the doc matches {@code settings}. */
    static List<String> drift(String markdown, List<Setting<?>> settings) {
        List<String> problems = new ArrayList<>();
        Table table = parseTable(markdown, problems);
        if (table == null) {
            return problems;
        }

        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row row : table.rows()) {
            Row earlier = byKey.putIfAbsent(row.key(), row);
            if (earlier != null) {
                problems.add(row.key() + " is listed twice (lines " + earlier.line() + " and " + row.line()
                        + "): delete one.");
            }
        }
        Map<String, Setting<?>> known = new LinkedHashMap<>();
        settings.forEach(s -> known.put(s.key(), s));

        String previous = null;
        for (Setting<?> setting : settings) {
            Row row = byKey.get(setting.key());
            if (row == null && !table.malformedKeys().contains(setting.key())) {
                problems.add("missing row for " + setting.key() + ": add "
                        + (previous == null ? "as the first row" : "after " + previous) + ":\n      " + row(setting));
            } else if (row != null) {
                compare(row, setting, problems);
            }
            previous = setting.key();
        }
        for (Row row : byKey.values()) {
            if (!known.containsKey(row.key())) {
                problems.add("line " + row.line() + ": " + row.key() + " is not in Settings.ALL: remove the row,"
                        + " or declare the setting in Settings.");
            }
        }

        List<String> docOrder = byKey.keySet().stream().filter(known::containsKey).toList();
        List<String> codeOrder = known.keySet().stream().filter(byKey::containsKey).toList();
        if (!docOrder.equals(codeOrder)) {
            problems.add("rows are not in Settings.ALL order; put them as: " + String.join(", ", codeOrder));
        }
        return problems;
    }

    private static void compare(Row row, Setting<?> setting, List<String> problems) {
        String where = "line " + row.line() + ", " + setting.key() + ": ";
        String env = codeSpan(row.envVar());
        if (!setting.envName().equals(env)) {
            problems.add(where + "Env var is " + row.envVar() + ", should be `" + setting.envName() + "`.");
        }
        if (!setting.type().equals(row.type())) {
            problems.add(where + "Type is '" + row.type() + "', should be '" + escape(setting.type()) + "'.");
        }
        if (setting.defaultText().isEmpty()) {
            if (!row.defaultCell().equals(NONE)) {
                problems.add(where + "Default is " + row.defaultCell() + "; the default is empty, so write "
                        + NONE + " (no backticks).");
            }
        } else if (codeSpan(row.defaultCell()) == null) {
            problems.add(where + "Default must be in backticks: `" + escape(setting.defaultText()) + "`.");
        } else if (!setting.defaultText().equals(codeSpan(row.defaultCell()))) {
            problems.add(where + "Default is " + row.defaultCell() + ", should be `" + escape(setting.defaultText())
                    + "`.");
        }
        if (row.meaning().isBlank()) {
            problems.add(where + "Meaning is empty; say what the setting does (Setting.description() is a start).");
        }
    }

    /** The rows of the one table under {@link #HEADER}, or null (with a problem) when there is no usable table. */
    private static Table parseTable(String markdown, List<String> problems) {
        List<String> lines = markdown.lines().toList();
        List<Integer> headers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(HEADER)) {
                headers.add(i);
            }
        }
        if (headers.isEmpty()) {
            problems.add("no table found: the reference table must start with exactly this line:\n      " + HEADER);
            return null;
        }
        if (headers.size() > 1) {
            problems.add("the header " + HEADER + " appears " + headers.size() + " times; keep one table.");
            return null;
        }
        int start = headers.get(0) + 1;
        if (start >= lines.size() || !SEPARATOR.matcher(lines.get(start).trim()).matches()) {
            problems.add("line " + (start + 1) + ": the header must be followed by |---|---|---|---|---|.");
            return null;
        }
        List<Row> rows = new ArrayList<>();
        Set<String> malformedKeys = new HashSet<>();
        for (int i = start + 1; i < lines.size() && lines.get(i).trim().startsWith("|"); i++) {
            int lineNo = i + 1;
            List<String> cells = cells(lines.get(i).trim());
            String key = codeSpan(cells.get(0));
            if (cells.size() != 5) {
                problems.add("line " + lineNo + (key == null ? "" : " (" + key + ")") + ": " + cells.size()
                        + " cells instead of 5; write a | inside a cell as \\|.");
                if (key != null) {
                    malformedKeys.add(key);
                }
                continue;
            }
            if (key == null) {
                problems.add("line " + lineNo + ": the Key cell must be the key in backticks, like `traceflow.db`;"
                        + " found " + cells.get(0) + ".");
                continue;
            }
            rows.add(new Row(lineNo, key, cells.get(1), cells.get(2), cells.get(3), cells.get(4)));
        }
        return new Table(rows, malformedKeys);
    }

    /** Splits on unescaped pipes, drops the outer ones, then unescapes {@code \|} and trims each cell. */
    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
        List<String> out = new ArrayList<>();
        for (String cell : UNESCAPED_PIPE.split(inner, -1)) {
            out.add(cell.replace("\\|", "|").trim());
        }
        return out;
    }

    /** The text of a cell that is exactly one code span, else null. */
    private static String codeSpan(String cell) {
        Matcher m = CODE_SPAN.matcher(cell);
        return m.matches() ? m.group(1) : null;
    }

    private static String escape(String cellText) {
        return cellText.replace("|", "\\|");
    }

    /** The row the doc should have for {@code setting}; shown in failures so the fix is a copy and paste. */
    static String row(Setting<?> setting) {
        String defaultCell = setting.defaultText().isEmpty() ? NONE : "`" + escape(setting.defaultText()) + "`";
        return "| `" + setting.key() + "` | `" + setting.envName() + "` | " + escape(setting.type()) + " | "
                + defaultCell + " | " + escape(setting.description()) + " |";
    }

    private static String table(List<Setting<?>> settings) {
        return "# Configuration\n\n" + HEADER + "\n|-----|---------|------|---------|---------|\n"
                + settings.stream().map(s -> row(s) + "\n").collect(Collectors.joining());
    }

    /** The content of the first fenced block with this info string (```properties, ```text). */
    private static String fencedBlock(String markdown, String info) {
        Matcher m = Pattern.compile("(?m)^```" + Pattern.quote(info) + "\\s*\\n(.*?)^```", Pattern.DOTALL)
                .matcher(markdown);
        assertThat(m.find()).as("%s has a ```%s block", DOC, info).isTrue();
        return m.group(1);
    }

    /** The repository root: surefire passes it (see core/pom.xml); from an IDE the working dir is core/. */
    private static Path docPath() {
        String root = System.getProperty("test.repo.root", "..");
        Path doc = Paths.get(root).resolve(DOC).normalize();
        assertThat(doc).as("%s not found from test.repo.root=%s", DOC, root).isRegularFile();
        return doc;
    }
}
