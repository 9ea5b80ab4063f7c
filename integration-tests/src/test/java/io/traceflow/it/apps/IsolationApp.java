package io.traceflow.it.apps;

import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An app that brings its own Jackson and sqlite-jdbc, at versions other than the agent's, and uses both. Run with
 * a class path of just those jars and the test classes. It prints what it sees, which must be byte-identical with
 * and without the agent: its own library versions, and none of TraceFlow's or the agent's dependencies' classes.
 * Usage: {@code IsolationApp <its own sqlite file>}.
 */
public final class IsolationApp {
    /** Classes that live in the agent jar's hidden {@code inst/} folder: the app must not be able to load them. */
    static final String[] AGENT_CLASSES = {"io.traceflow.core.runtime.TraceFlowRuntime",
        "io.traceflow.agent.AgentInstaller", "io.traceflow.instrumentation.openai.v4.OpenAiCallHandler",
        "io.traceflow.eval.api.Evaluator", "io.traceflow.eval.OnlineEvaluation", "io.traceflow.viewer.ViewerServer",
        "io.traceflow.cli.TraceFlowCli", "net.bytebuddy.ByteBuddy", "picocli.CommandLine"};
    /** Resources the app has exactly one copy of (its own), whatever the agent brings. */
    static final String[] OWN_RESOURCES = {"com/fasterxml/jackson/databind/ObjectMapper.class",
        "org/sqlite/JDBC.class", "META-INF/maven/org.xerial/sqlite-jdbc/pom.properties",
        "META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties",
        "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so", "META-INF/services/java.sql.Driver"};

    private IsolationApp() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        ClassLoader app = IsolationApp.class.getClassLoader();

        System.out.println("jackson-databind " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION
                + " from " + jarName(ObjectMapper.class) + " loader " + loaderName(ObjectMapper.class));
        System.out.println("jackson-core " + com.fasterxml.jackson.core.json.PackageVersion.VERSION
                + " from " + jarName(com.fasterxml.jackson.core.JsonFactory.class));

        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            DatabaseMetaData meta = c.getMetaData();
            System.out.println("sqlite-jdbc " + meta.getDriverVersion() + " from "
                    + jarName(c.getClass()) + " loader " + loaderName(c.getClass()));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT, qty INTEGER)");
                try (ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
                    rs.next();
                    System.out.println("sqlite library " + rs.getString(1));
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO orders (item, qty) VALUES (?, ?)")) {
                for (String item : new String[] {"apple", "pear", "plum"}) {
                    p.setString(1, item);
                    p.setInt(2, item.length());
                    p.executeUpdate();
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM orders ORDER BY id")) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getInt("id"));
                    row.put("item", rs.getString("item"));
                    row.put("qty", rs.getInt("qty"));
                    rows.add(row);
                }
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(rows);
        System.out.println("json " + json);
        List<Map<String, Object>> back = mapper.readValue(json, new TypeReference<List<Map<String, Object>>>() { });
        System.out.println("round trip " + back.equals(rows));

        List<String> drivers = new ArrayList<>();
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            drivers.add(d.getClass().getName() + "@" + loaderName(d.getClass()));
        }
        System.out.println("drivers " + drivers);

        for (String name : AGENT_CLASSES) {
            System.out.println("visible " + name + ": " + visible(name, app) + " / system "
                    + visible(name, ClassLoader.getSystemClassLoader()) + " / context "
                    + visible(name, Thread.currentThread().getContextClassLoader()));
        }
        for (String name : OWN_RESOURCES) {
            List<URL> found = Collections.list(app.getResources(name));
            System.out.println("copies of " + name + ": " + found.size()
                    + (found.isEmpty() ? "" : " in " + jarName(found.get(0))));
        }
    }

    private static boolean visible(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String loaderName(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == ClassLoader.getSystemClassLoader() ? "app" : String.valueOf(loader);
    }

    private static String jarName(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? "?" : Path.of(source.getLocation().getPath()).getFileName().toString();
    }

    private static String jarName(URL resource) {
        String s = resource.toString();
        int bang = s.indexOf("!/");
        String path = bang < 0 ? s : s.substring(0, bang);
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
