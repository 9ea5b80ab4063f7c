package io.traceflow.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads TraceFlow's implementation and its dependencies (Byte Buddy, Jackson, sqlite-jdbc, picocli) from the
 * {@code inst/} folder of the agent jar, where classes are stored as {@code .classdata} entries.
 *
 * <p>Why a folder with renamed entries: the agent jar sits on the application class path (that is what
 * {@code -javaagent} does), so anything at its top level is visible to {@code Class.forName} from the app.
 * Entries under {@code inst/} with a foreign extension are invisible to every other loader, so the app's own
 * Jackson or sqlite-jdbc never meets ours. sqlite-jdbc cannot be relocated (its JNI symbols name
 * {@code org/sqlite/...}), which is why isolation by class loader, not by shading, is the design.
 *
 * <p>Resources are served from {@code inst/} too: sqlite-jdbc reads its native library and its
 * {@code pom.properties} as resources.
 *
 * <pre>
 *   bootstrap loader  ── io.traceflow.bootstrap.* (appended from the agent jar's top level)
 *        │
 *   platform loader   ── java.sql, java.net.http, ...
 *        │
 *   AgentClassLoader  ── inst/**: io.traceflow.{core,eval,viewer,cli,agent}.*, Byte Buddy, Jackson, sqlite-jdbc
 * </pre>
 */
public final class AgentClassLoader extends ClassLoader {
    static final String PREFIX = "inst/";
    static final String CLASS_SUFFIX = ".classdata";
    private static final String OWN_RESOURCES = "io/traceflow/";
    /** TraceFlow's own service files (its instrumentation modules, its evaluators): no parent has them. */
    private static final String OWN_SERVICES = "META-INF/services/io.traceflow.";

    static {
        registerAsParallelCapable();
    }

    private final File jarPath;
    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;

    public AgentClassLoader(File jarPath, ClassLoader parent) throws IOException {
        super("traceflow-agent", parent);
        this.jarPath = jarPath;
        this.jar = new JarFile(jarPath, false);
        this.jarUrl = jarPath.toURI().toURL().toExternalForm();
        this.protectionDomain = new ProtectionDomain(
                new CodeSource(jarPath.toURI().toURL(), (Certificate[]) null), null, this, null);
    }

    /** The agent jar this loader reads; the agent passes it on so plugin loaders can read it too. */
    public File jarPath() {
        return jarPath;
    }

    /** Returns the bytes of an isolated class, or {@code null}; used by per-library plugin loaders too. */
    public byte[] classBytes(String className) {
        JarEntry entry = jar.getJarEntry(PREFIX + className.replace('.', '/') + CLASS_SUFFIX);
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            long size = entry.getSize();
            if (size < 0 || size > Integer.MAX_VALUE) {
                return in.readAllBytes();
            }
            // Read into an array of the known size: readAllBytes() grows and copies chunks, which for the agent's
            // ~2 500 classes allocated some 30 MB at start-up, peak memory the app would pay for.
            byte[] bytes = new byte[(int) size];
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read != bytes.length) {
                throw new IOException("truncated entry: " + read + " of " + size + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry.getName() + " from " + jarPath, e);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classBytes(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        definePackageFor(name);
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    private void definePackageFor(String className) {
        int dot = className.lastIndexOf('.');
        if (dot <= 0) {
            return;
        }
        String pkg = className.substring(0, dot);
        if (getDefinedPackage(pkg) == null) {
            try {
                definePackage(pkg, null, null, null, null, null, null, null);
            } catch (IllegalArgumentException raced) {
                // Another thread defined it first: fine.
            }
        }
    }

    /**
     * TraceFlow's own resources ({@code io/traceflow/...}, e.g. its version) straight from the jar entry: no parent
     * has them, and going through {@link #getResource} would look them up in the JDK's module image first and then
     * build a {@code jar:} URL, some 15 ms of premain for the start-up line.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.startsWith(OWN_RESOURCES)) {
            JarEntry entry = jar.getJarEntry(PREFIX + name);
            if (entry != null) {
                try {
                    return jar.getInputStream(entry);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return super.getResourceAsStream(name);
    }

    @Override
    protected URL findResource(String name) {
        String relative = name.startsWith("/") ? name.substring(1) : name;
        // Byte Buddy reads advice and type bytes as ".class" resources: serve the hidden ".classdata" entry.
        if (relative.endsWith(".class")) {
            relative = relative.substring(0, relative.length() - ".class".length()) + CLASS_SUFFIX;
        }
        String entryName = PREFIX + relative;
        if (jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entryName);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    /**
     * Resources of a named module defined to this loader (sqlite-jdbc, on Java 24+, see the agent's
     * {@code SqliteModule}) come from the same {@code inst/} folder; the default finds none.
     */
    @Override
    protected URL findResource(String moduleName, String name) throws IOException {
        return findResource(name);
    }

    /**
     * TraceFlow's own service files come from the jar alone: asking the parents first (the JDK's module image)
     * would cost premain, where the instrumentation modules are looked up, for nothing.
     */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(OWN_SERVICES) ? findResources(name) : super.getResources(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
