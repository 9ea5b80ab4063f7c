package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code traceflow-agent.jar}: {@code -javaagent} puts it on the application class path, so whatever
 * sits at its top level is visible to the app. Only the launcher and the bootstrap bridge may be there, and they
 * may reference nothing but JDK types; everything else (our code, Byte Buddy, Jackson, sqlite-jdbc) must be hidden
 * under {@code inst/} as {@code .classdata}.
 */
class AgentJarLayoutIT {
    private static final Pattern TOP_LEVEL_CLASS = Pattern.compile("io/traceflow/(launcher|bootstrap)/[^/]+\\.class");
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([A-Za-z0-9_$/]+);");
    private static final List<String> FOREIGN = List.of("com/fasterxml", "org/sqlite", "net/bytebuddy", "picocli",
            "io/traceflow/core", "io/traceflow/eval", "io/traceflow/viewer", "io/traceflow/cli", "io/traceflow/agent",
            "io/traceflow/instrumentation", "com/openai");

    static JarFile jar;
    static List<String> names;

    @BeforeAll
    static void open() throws IOException {
        assertThat(ForkedApp.AGENT_JAR).as("agent jar; build it with -pl integration-tests -am").isRegularFile();
        jar = new JarFile(ForkedApp.AGENT_JAR.toFile());
        names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    @Test
    void topLevelHoldsOnlyTheManifestTheLauncherAndTheBridge() {
        List<String> unexpected = new ArrayList<>();
        for (String name : names) {
            boolean allowed = name.startsWith("inst/")
                    || name.equals("META-INF/") || name.equals("META-INF/MANIFEST.MF")
                    || name.equals("io/") || name.equals("io/traceflow/")
                    || name.equals("io/traceflow/launcher/") || name.equals("io/traceflow/bootstrap/")
                    || TOP_LEVEL_CLASS.matcher(name).matches();
            if (!allowed) {
                unexpected.add(name);
            }
        }
        assertThat(unexpected).as("entries visible to the app's class loader").isEmpty();
        assertThat(names).contains("io/traceflow/launcher/TraceFlowAgent.class",
                "io/traceflow/launcher/AgentClassLoader.class", "io/traceflow/bootstrap/Hooks.class",
                "io/traceflow/bootstrap/CallHandler.class", "io/traceflow/bootstrap/CallScope.class");
    }

    @Test
    void nothingUnderInstIsAClassFile() {
        assertThat(names).filteredOn(n -> n.startsWith("inst/")).noneMatch(n -> n.endsWith(".class"));
        assertThat(names).contains("inst/io/traceflow/agent/AgentInstaller.classdata",
                "inst/io/traceflow/core/runtime/TraceFlowRuntime.classdata", "inst/net/bytebuddy/ByteBuddy.classdata",
                "inst/com/fasterxml/jackson/databind/ObjectMapper.classdata", "inst/org/sqlite/JDBC.classdata",
                "inst/io/traceflow/instrumentation/openai/v4/OpenAiCallHandler.classdata",
                "inst/io/traceflow/eval/api/Evaluator.classdata", "inst/io/traceflow/eval/OnlineEvaluation.classdata",
                "inst/io/traceflow/viewer/ViewerServer.classdata", "inst/io/traceflow/cli/TraceFlowCli.classdata",
                "inst/io/traceflow/viewer/ui/index.html", "inst/io/traceflow/core/pricing/prices.json");
    }

    @Test
    void sqliteJdbcResourcesAreServedFromInst() {
        // sqlite-jdbc reads both as resources: its native library, and its version from pom.properties.
        assertThat(names).contains("inst/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
                "inst/META-INF/maven/org.xerial/sqlite-jdbc/pom.properties");
        assertThat(names).noneMatch(n -> n.startsWith("org/") || n.startsWith("META-INF/maven/")
                || n.startsWith("META-INF/services/"));
    }

    @Test
    void manifestNamesTheLauncherForEveryEntryPoint() throws IOException {
        Attributes main = jar.getManifest().getMainAttributes();
        assertThat(main.getValue("Premain-Class")).isEqualTo("io.traceflow.launcher.TraceFlowAgent");
        assertThat(main.getValue("Agent-Class")).isEqualTo("io.traceflow.launcher.TraceFlowAgent");
        assertThat(main.getValue("Main-Class")).isEqualTo("io.traceflow.launcher.TraceFlowAgent");
        assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
    }

    @Test
    void topLevelClassesReferenceOnlyJdkTypesAndEachOther() throws IOException {
        List<String> topLevel = names.stream().filter(n -> TOP_LEVEL_CLASS.matcher(n).matches()).toList();
        assertThat(topLevel).hasSizeGreaterThanOrEqualTo(5);
        for (String name : topLevel) {
            Set<String> strings;
            try (InputStream in = jar.getInputStream(jar.getJarEntry(name))) {
                strings = utf8Constants(in.readAllBytes());
            }
            for (String s : strings) {
                for (String foreign : FOREIGN) {
                    assertThat(s).as(name + " constant pool").doesNotContain(foreign);
                }
            }
            for (String type : referencedTypes(strings)) {
                assertThat(type).as(name + " references a type outside the JDK and the bridge")
                        .matches("(java|javax)/.*|io/traceflow/(launcher|bootstrap)/[^/]+");
            }
        }
    }

    /** Class names in the constant pool: CONSTANT_Class entries and every {@code Lname;} in descriptors. */
    private static Set<String> referencedTypes(Set<String> utf8) {
        Set<String> types = new LinkedHashSet<>();
        for (String s : utf8) {
            Matcher m = TYPE_IN_DESCRIPTOR.matcher(s);
            while (m.find()) {
                types.add(m.group(1));
            }
            // Internal names of CONSTANT_Class entries look like "java/lang/Object"; keep those with a slash.
            if (s.matches("[A-Za-z0-9_$]+(/[A-Za-z0-9_$]+)+")) {
                types.add(s);
            }
        }
        return types;
    }

    /** Every CONSTANT_Utf8 of a class file (class names, descriptors, string literals), by walking its pool. */
    static Set<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
        assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Set<String> out = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> out.add(in.readUTF());
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // long and double take two slots
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IllegalStateException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        return out;
    }
}
