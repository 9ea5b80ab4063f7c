package io.traceflow.core.store;

import static io.traceflow.core.store.TestDb.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/schema.md must describe the real schema: every table (a {@code ### `table`} section) and every column (a
 * {@code | `column` | `TYPE` ...} row in that section), no more and no less, and every index. The schema is read
 * from a freshly created database, so adding a migration without documenting it fails here.
 */
class SchemaDocTest {
    private static final String DOC = "docs/schema.md";
    private static final Pattern SECTION = Pattern.compile("(?m)^### `([a-z_]+)`\\s*$");
    private static final Pattern COLUMN_ROW = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| `([A-Z]+)`");
    private static final Pattern SQL_BLOCK = Pattern.compile("(?s)```sql\\n(.*?)```");

    @TempDir
    Path dir;

    private String doc;
    private Map<String, String> sections;
    private Path db;

    @BeforeEach
    void setUp() throws Exception {
        Path file = Paths.get(System.getProperty("test.repo.root", "..")).resolve(DOC);
        assertThat(file).as("the schema documentation").isRegularFile();
        doc = Files.readString(file);
        sections = sections(doc);
        db = dir.resolve("fresh.db");
        TraceStore.openForWriting(db).close();
    }

    /** Table name to the text of its section (up to the next heading of level 2 or 3). */
    private static Map<String, String> sections(String doc) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(doc);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(m.end());
            names.add(m.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            String rest = doc.substring(starts.get(i));
            Matcher next = Pattern.compile("(?m)^##").matcher(rest);
            out.put(names.get(i), next.find() ? rest.substring(0, next.start()) : rest);
        }
        return out;
    }

    /**
     * User-visible tables, virtual ones (the FTS5 index) included; the shadow tables SQLite creates behind a virtual
     * table ({@code steps_fts_data}, ...) are its private storage and not documented.
     */
    private List<String> tables(Connection c) throws Exception {
        return strings(c, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual')"
                + " AND name NOT LIKE 'sqlite_%' ORDER BY name");
    }

    private static boolean isVirtual(Connection c, String table) throws Exception {
        return !strings(c, "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual' AND name = '"
                + table + "'").isEmpty();
    }

    @Test
    void everyTableAndColumnIsDocumentedWithItsType() throws Exception {
        List<String> problems = new ArrayList<>();
        try (Connection c = TraceStore.openReadOnly(db)) {
            List<String> tables = tables(c);
            assertThat(tables).isNotEmpty();
            for (String table : tables) {
                String section = sections.get(table);
                if (section == null) {
                    problems.add("table " + table + " has no '### `" + table + "`' section");
                    continue;
                }
                Map<String, String> documented = new LinkedHashMap<>();
                Matcher row = COLUMN_ROW.matcher(section);
                while (row.find()) {
                    documented.put(row.group(1), row.group(2));
                }
                Set<String> actual = new LinkedHashSet<>();
                boolean virtual = isVirtual(c, table);
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("PRAGMA table_info('" + table + "')")) {
                    while (rs.next()) {
                        String column = rs.getString("name");
                        String type = rs.getString("type").toUpperCase(Locale.ROOT);
                        if (virtual && type.isEmpty()) {
                            type = "TEXT"; // FTS5 columns have no declared type; they hold text
                        }
                        actual.add(column);
                        if (!documented.containsKey(column)) {
                            problems.add(table + "." + column + " (" + type + ") is not documented");
                        } else if (!documented.get(column).equals(type)) {
                            problems.add(table + "." + column + " is documented as " + documented.get(column)
                                    + " but is " + type);
                        }
                    }
                }
                for (String column : documented.keySet()) {
                    if (!actual.contains(column)) {
                        problems.add(table + "." + column + " is documented but does not exist");
                    }
                }
            }
            for (String table : sections.keySet()) {
                if (!tables.contains(table)) {
                    problems.add("table " + table + " is documented but does not exist");
                }
            }
        }
        assertThat(problems).as(DOC + " is out of date").isEmpty();
    }

    @Test
    void everyIndexIsDocumented() throws Exception {
        try (Connection c = TraceStore.openReadOnly(db)) {
            List<String> indexes = strings(c, "SELECT name FROM sqlite_master WHERE type = 'index'"
                    + " AND sql IS NOT NULL ORDER BY name");
            assertThat(indexes).isNotEmpty();
            for (String index : indexes) {
                assertThat(doc).as(DOC + " documents index " + index).containsPattern("(?m)^\\| `" + index + "` \\|");
            }
        }
    }

    @Test
    void everyTriggerIsDocumented() throws Exception {
        try (Connection c = TraceStore.openReadOnly(db)) {
            for (String trigger : strings(c, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")) {
                assertThat(doc).as(DOC + " documents trigger " + trigger).containsPattern("(?m)^\\| `" + trigger + "` \\|");
            }
        }
    }

    @Test
    void versionAndApplicationIdAreCurrent() {
        assertThat(doc).contains("The current schema version is **" + Schema.CURRENT_VERSION + "**.")
                .contains(String.format("0x%08X", Schema.APPLICATION_ID))
                .contains(Integer.toString(Schema.APPLICATION_ID));
    }

    @Test
    void exampleQueriesRunOnARealFile() throws Exception {
        Matcher m = SQL_BLOCK.matcher(doc);
        int statements = 0;
        try (Connection c = TraceStore.openReadOnly(db); Statement s = c.createStatement()) {
            while (m.find()) {
                for (String sql : m.group(1).split(";\\s*(\\n|$)")) {
                    if (sql.isBlank()) {
                        continue;
                    }
                    try (ResultSet rs = s.executeQuery(sql)) {
                        rs.next();
                    } catch (Exception e) {
                        throw new AssertionError("example query in " + DOC + " fails: " + sql, e);
                    }
                    statements++;
                }
            }
        }
        assertThat(statements).isGreaterThanOrEqualTo(3);
    }
}
