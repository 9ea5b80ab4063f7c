package io.traceflow.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * Entry point of {@code traceflow-agent.jar}: {@code Premain-Class}, {@code Agent-Class} and {@code Main-Class}.
 *
 * <p>It does the least possible in the application's class loader: create the isolated {@link AgentClassLoader},
 * put the bridge API into the bootstrap loader (defined there, or the jar appended to its search path), and hand
 * over. Any failure here leaves the application running untraced after one line on stderr: a broken agent must
 * never break the app.
 */
public final class TraceFlowAgent {
    private static final String INSTALLER = "io.traceflow.agent.AgentInstaller";
    private static final String CLI = "io.traceflow.cli.TraceFlowCli";
    private static final String BRIDGE = "io.traceflow.agent.startup.BootstrapBridge";

    private static volatile boolean started;

    private TraceFlowAgent() {
    }

    public static void premain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, false);
    }

    public static void agentmain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, true);
    }

    /** {@code java -jar traceflow-agent.jar <command>}: the command line, run inside the isolated loader. */
    public static void main(String[] args) throws Throwable {
        ClassLoader loader = new AgentClassLoader(agentJar(), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Method main = loader.loadClass(CLI).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static synchronized void start(String agentArgs, Instrumentation inst, boolean attachedLate) {
        if (started) {
            return; // attached twice (e.g. -javaagent given twice): one agent is enough
        }
        started = true;
        try {
            File jar = agentJar();
            AgentClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            if (!injectBridge(inst, jar, loader)) {
                inst.appendToBootstrapClassLoaderSearch(new JarFile(jar, false));
            }
            Method install = loader.loadClass(INSTALLER)
                    .getMethod("install", Instrumentation.class, String.class, ClassLoader.class, boolean.class);
            install.invoke(null, inst, agentArgs, loader, attachedLate);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException ? t.getCause() : t;
            System.err.println("[traceflow] WARN agent failed to start; the application runs untraced: " + cause);
        }
    }

    /**
     * Defines the bridge classes in the bootstrap loader (see {@code BootstrapBridge} in the agent); false when the
     * JVM does not allow it, and the jar is appended to the bootstrap search path instead.
     */
    private static boolean injectBridge(Instrumentation inst, File jar, ClassLoader loader) {
        try {
            Object injected = loader.loadClass(BRIDGE).getMethod("inject", Instrumentation.class, File.class)
                    .invoke(null, inst, jar);
            return Boolean.TRUE.equals(injected);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    static File agentJar() throws URISyntaxException {
        return new File(TraceFlowAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
