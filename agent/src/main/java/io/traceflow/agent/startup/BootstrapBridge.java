package io.traceflow.agent.startup;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the bridge ({@code io.traceflow.bootstrap.*}, the few classes inlined advice calls from any class loader)
 * into the bootstrap class loader by defining its classes there, instead of appending the agent jar to the
 * bootstrap search path.
 *
 * <p>Why: appending anything to the bootstrap path switches Class Data Sharing off for every class outside the
 * bootstrap loader, which costs start-up time, disables an app's own AppCDS archive (Spring Boot recommends one),
 * and makes the JVM print "Sharing is only supported for boot loader classes because bootstrap classpath has been
 * appended" on every start. Defining the classes needs {@code jdk.internal.misc.Unsafe#defineClass}, which
 * {@link Instrumentation#redefineModule} exports to TraceFlow's own class loader only (the app gains no access).
 * Where that is not possible (a JVM without it), {@link #inject} returns false and the launcher appends the jar as
 * before.
 */
public final class BootstrapBridge {
    static final String PACKAGE_PATH = "io/traceflow/bootstrap/";
    static final String LIST = "inst/bridge-classes.txt";

    private BootstrapBridge() {
    }

    /**
     * Defines every class of the bridge package found at the top level of {@code agentJar} in the bootstrap
     * loader. Returns false, having defined nothing, when the JVM does not allow it; the caller then falls back.
     */
    public static boolean inject(Instrumentation instrumentation, File agentJar) {
        Map<String, byte[]> classes;
        try {
            classes = bridgeClasses(agentJar);
        } catch (IOException e) {
            return false;
        }
        if (classes.isEmpty()) {
            return false;
        }
        Method define;
        Object unsafe;
        try {
            Module javaBase = Object.class.getModule();
            if (!instrumentation.isModifiableModule(javaBase)) {
                return false;
            }
            instrumentation.redefineModule(javaBase, Set.of(),
                    Map.of("jdk.internal.misc", Set.of(BootstrapBridge.class.getModule())), Map.of(), Set.of(),
                    Map.of());
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                    ClassLoader.class, ProtectionDomain.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
        return defineAll(classes, define, unsafe);
    }

    /**
     * Defines in dependency order without knowing it: a class whose super type is not defined yet fails with
     * {@link NoClassDefFoundError} and is retried after the others. The bridge is a handful of classes.
     */
    private static boolean defineAll(Map<String, byte[]> classes, Method define, Object unsafe) {
        List<String> pending = new ArrayList<>(classes.keySet());
        while (!pending.isEmpty()) {
            List<String> retry = new ArrayList<>();
            for (String name : pending) {
                byte[] bytes = classes.get(name);
                try {
                    define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof NoClassDefFoundError) {
                        retry.add(name); // its super type comes later in the jar
                    } else if (!(e.getCause() instanceof LinkageError)) {
                        return false;
                    } // else already defined (a duplicate definition): it is there, which is all that matters
                } catch (IllegalAccessException e) {
                    return false;
                }
            }
            if (retry.size() == pending.size()) {
                return false; // no progress: a super type is missing from the jar
            }
            pending = retry;
        }
        return true;
    }

    /** The class files named in {@value #LIST} (written by the build), read from the jar's top level. */
    private static Map<String, byte[]> bridgeClasses(File agentJar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile jar = new JarFile(agentJar, false)) {
            JarEntry list = jar.getJarEntry(LIST);
            if (list == null) {
                return classes;
            }
            String names;
            try (InputStream in = jar.getInputStream(list)) {
                names = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String path : names.lines().toList()) {
                JarEntry entry = path.startsWith(PACKAGE_PATH) ? jar.getJarEntry(path) : null;
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(path.substring(0, path.length() - ".class".length()).replace('/', '.'),
                                in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }
}
