package io.traceflow.agent.startup;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import io.traceflow.core.log.AgentLog;

/**
 * Gives sqlite-jdbc native access on Java 24 and later without touching the application's own.
 *
 * <p>Since Java 24 (JEP 472), loading a native library or binding a native method from a class in an unnamed
 * module makes the JVM print four {@code WARNING:} lines on stderr, and a future release will refuse it unless the
 * user starts the JVM with {@code --enable-native-access}. sqlite-jdbc does both, from the agent's class loader.
 * Enabling native access for all unnamed modules would change what the app's own code may do and be told, so
 * instead sqlite-jdbc's packages become a named module, {@value #NAME}, in a module layer of its own whose class
 * loader is the agent's, and native access is enabled for that one module. The JDK offers no public, warning-free
 * way to enable it from an unnamed module ({@code ModuleLayer.Controller#enableNativeAccess} is itself restricted),
 * so this uses the JDK's internal {@code JavaLangAccess}, exported by {@link Instrumentation#redefineModule} to the
 * agent's loader only.
 *
 * <p>Must run before the agent's loader loads any sqlite-jdbc class. On any failure the module is not defined
 * (or defined without native access) and sqlite-jdbc works as before, with the JVM's warning.
 */
public final class SqliteModule {
    static final String NAME = "org.xerial.sqlitejdbc";
    private static final String PACKAGE_ROOT = "inst/org/sqlite/";
    private static final int FIRST_WARNING_RELEASE = 24;

    private SqliteModule() {
    }

    /** True when sqlite-jdbc now lives in a named module with native access. */
    public static boolean defineWithNativeAccess(Instrumentation instrumentation, File agentJar,
            ClassLoader agentLoader) {
        if (Runtime.version().feature() < FIRST_WARNING_RELEASE) {
            return false; // nothing to warn about on this JVM: leave sqlite-jdbc as it always was
        }
        try {
            Set<String> packages = packages(agentJar);
            if (packages.isEmpty()) {
                return false;
            }
            Module module = define(packages, agentLoader);
            enableNativeAccess(instrumentation, module);
            return true;
        } catch (Exception | LinkageError e) {
            AgentLog.debug("sqlite-jdbc stays in the agent's unnamed module (the JVM may warn about its native"
                    + " library)", e);
            return false;
        }
    }

    private static Module define(Set<String> packages, ClassLoader agentLoader) {
        ModuleDescriptor descriptor = ModuleDescriptor.newOpenModule(NAME).requires("java.sql")
                .requires("java.logging").packages(packages).build();
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolve(new SingleModuleFinder(descriptor),
                ModuleFinder.of(), Set.of(NAME));
        ModuleLayer.Controller controller = ModuleLayer.defineModules(configuration, List.of(boot),
                name -> agentLoader);
        Module module = controller.layer().findModule(NAME).orElseThrow();
        // sqlite-jdbc logs through SLF4J when present, which stays in the agent loader's unnamed module.
        controller.addReads(module, agentLoader.getUnnamedModule());
        return module;
    }

    private static void enableNativeAccess(Instrumentation instrumentation, Module module)
            throws ReflectiveOperationException {
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.access", Set.of(SqliteModule.class.getModule())), Map.of(), Set.of(), Map.of());
        Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
        Object javaLangAccess = secrets.getMethod("getJavaLangAccess").invoke(null);
        Class.forName("jdk.internal.access.JavaLangAccess").getMethod("addEnableNativeAccess", Module.class)
                .invoke(javaLangAccess, module);
    }

    /** Packages holding sqlite-jdbc classes in the agent jar (resource-only folders, like its native libraries, are not packages). */
    static Set<String> packages(File agentJar) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (JarFile jar = new JarFile(agentJar, false)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String path = entries.nextElement().getName();
                if (path.startsWith(PACKAGE_ROOT) && path.endsWith(".classdata")) {
                    packages.add(path.substring("inst/".length(), path.lastIndexOf('/')).replace('/', '.'));
                }
            }
        }
        return packages;
    }

    /** Finds the one module described; its classes and resources come from the agent's loader, not from here. */
    private static final class SingleModuleFinder implements ModuleFinder {
        private final ModuleReference reference;

        SingleModuleFinder(ModuleDescriptor descriptor) {
            this.reference = new ModuleReference(descriptor, null) {
                @Override
                public ModuleReader open() throws IOException {
                    throw new IOException(NAME + " is read through the agent's class loader");
                }
            };
        }

        @Override
        public Optional<ModuleReference> find(String name) {
            return name.equals(NAME) ? Optional.of(reference) : Optional.empty();
        }

        @Override
        public Set<ModuleReference> findAll() {
            return Set.of(reference);
        }
    }
}
