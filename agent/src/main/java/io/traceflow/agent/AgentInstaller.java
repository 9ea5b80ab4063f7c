package io.traceflow.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.traceflow.agent.bytebuddy.ByteBuddyInstaller;
import io.traceflow.agent.plugin.HandlerResolver;
import io.traceflow.agent.startup.ClassLoadGate;
import io.traceflow.agent.startup.EarlyClassRetransformer;
import io.traceflow.agent.startup.GatedInstrumentation;
import io.traceflow.agent.startup.SqliteModule;
import io.traceflow.bootstrap.Hooks;
import io.traceflow.core.TraceFlowVersion;
import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.config.ConfigProblem;
import io.traceflow.core.config.Settings;
import io.traceflow.core.log.AgentLog;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.core.runtime.TraceFlowRuntime;
import io.traceflow.eval.OnlineEvaluation;
import io.traceflow.instrumentation.api.InstrumentationModule;
import io.traceflow.viewer.ViewerServer;

/**
 * Runs inside the isolated {@code AgentClassLoader}, called once by the launcher's {@code premain}: reads the
 * configuration, reports its problems (one line each), then installs the instrumentations and starts the runtime
 * on a background thread behind a {@link ClassLoadGate} (docs/architecture.md, "Start-up"). Opening the database
 * happens on the writer thread, so nothing waits for SQLite's native library or the disk.
 */
public final class AgentInstaller {
    /** How long a hooked library's class load waits, at most, for the background installation. */
    static final long GATE_MAX_WAIT_MILLIS = 30_000;

    /** At exit, how long to wait for an installation still running (normally well under a second). */
    static final long INSTALL_WAIT_AT_EXIT_MILLIS = 10_000;

    /** How long to look for classes loaded before the instrumentation whose loading had not finished. */
    static final long EARLY_CLASSES_LOOKUP_MILLIS = 2_000;

    private AgentInstaller() {
    }

    /**
     * Premain's part, on the app's start-up path: the configuration (its problems are reported before the app
     * starts) and the {@link ClassLoadGate}. The rest, Byte Buddy above all (nine tenths of the agent's start-up
     * cost), runs on a background thread, so the app reaches {@code main} without waiting for it; a hooked
     * library's classes wait at their first load until the instrumentation is in place.
     */
    public static void install(Instrumentation instrumentation, String agentArgs, ClassLoader agentLoader,
            boolean attachedLate) {
        long premain = System.nanoTime();
        Config config = ConfigLoader.fromEnvironment();
        AgentLog.setLevel(config.get(Settings.LOG_LEVEL));
        for (ConfigProblem problem : config.problems()) {
            AgentLog.warn(problem.message());
        }
        if (config.tracingOff()) {
            if (!config.get(Settings.ENABLED)) {
                AgentLog.info("TraceFlow " + TraceFlowVersion.agent() + " is disabled (traceflow.enabled=false)");
            }
            return;
        }
        Instrumentations.Selection selection = Instrumentations.select(Instrumentations.found(agentLoader), config);
        if (selection.problem() != null) {
            AgentLog.warn(selection.problem());
        }
        List<InstrumentationModule> active = selection.active();
        ClassLoadGate gate = new ClassLoadGate(heldPackages(active), GATE_MAX_WAIT_MILLIS);
        if (!active.isEmpty()) {
            ByteBuddyInstaller.disableNexus(); // sets a Byte Buddy property for a moment: before any app code runs
            instrumentation.addTransformer(gate, true);
        }
        Thread installer = new Thread(() -> installInBackground(new GatedInstrumentation(instrumentation, gate), gate,
                config, active, agentLoader, premain), "traceflow-install");
        installer.setDaemon(true);
        gate.installingOn(installer);
        installer.start();
        // Registered here, not when the runtime starts: an app that ends before the installation does (one that
        // never touched a hooked library) still gets its agent_runs row, and the hook may not be added once
        // the JVM is shutting down.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(gate), "traceflow-shutdown"));
        String names = names(active);
        AgentLog.info("TraceFlow " + TraceFlowVersion.agent() + " recording to "
                + config.get(Settings.DB).toAbsolutePath().normalize() + " (instrumentations: "
                + (names.isEmpty() ? "none" : names) + ")");
        if (attachedLate) {
            // Attached to a running app (agentmain): nobody's start-up to spare, and the attacher expects the app to
            // be instrumented when loadAgent returns.
            awaitInstallation(gate, GATE_MAX_WAIT_MILLIS);
        }
    }

    private static void awaitInstallation(ClassLoadGate gate, long millis) {
        try {
            gate.awaitOpen(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM is exiting: let a running installation finish, then drain the writer into the file. */
    private static void shutDown(ClassLoadGate gate) {
        awaitInstallation(gate, INSTALL_WAIT_AT_EXIT_MILLIS);
        TraceFlowRuntime runtime = TraceFlowRuntime.current();
        if (runtime != null) {
            runtime.shutdown();
        }
    }

    private static String names(List<InstrumentationModule> modules) {
        return String.join(",", modules.stream().map(InstrumentationModule::name).toList());
    }

    /**
     * The packages whose classes wait for the instrumentation: every hooked type's, except the JDK's. JDK classes
     * come from the bootstrap loader, which the installer needs itself; those a hook matches are retransformed.
     */
    static List<String> heldPackages(List<InstrumentationModule> modules) {
        return modules.stream().flatMap(m -> m.typePrefixes().stream()).filter(p -> !p.startsWith("java.")).toList();
    }

    private static void installInBackground(Instrumentation instrumentation, ClassLoadGate gate, Config config,
            List<InstrumentationModule> active, ClassLoader agentLoader, long premain) {
        boolean installed = false;
        try {
            String names = names(active);
            // Byte Buddy first, the runtime after: starting the runtime starts the writer thread, which at once opens
            // the database (loading sqlite-jdbc, extracting its native library). Run during the installation, that
            // work competed with it for the CPU. No hooked library method runs before the gate opens, below, so
            // nothing is recorded before the runtime exists; retransformed JDK executors may run their advice
            // earlier, and find no trace context to carry.
            // Before anything loads sqlite-jdbc (the writer, started with the runtime below).
            SqliteModule.defineWithNativeAccess(instrumentation, agentJar(), agentLoader);
            HandlerResolver resolver = new HandlerResolver(agentLoader);
            AdviceErrors errors = new AdviceErrors();
            Hooks.install(resolver, (thread, error) -> errors.accept(error));
            if (!active.isEmpty()) {
                ByteBuddyInstaller.install(instrumentation, active, resolver, errors);
            }
            // One price table for the in-app viewer and the cost evaluators, read only if one of them asks.
            ConfiguredPrices prices = new ConfiguredPrices(config);
            errors.attach(TraceFlowRuntime.start(config, names, OnlineEvaluation.factory(prices)));
            AgentLog.debug("instrumentation and runtime ready " + (System.nanoTime() - premain) / 1_000_000
                    + " ms after premain");
            config.get(Settings.UI_PORT).ifPresent(port -> startViewer(config, port, prices));
            installed = !active.isEmpty();
        } catch (Throwable t) {
            AgentLog.warn("TraceFlow failed to start; the application runs untraced: " + t);
        } finally {
            gate.open();
        }
        if (installed) {
            new EarlyClassRetransformer(instrumentation, hookedPrefixes(active))
                    .retransform(gate.loadedEarly(), EARLY_CLASSES_LOOKUP_MILLIS);
        }
    }

    /** The agent jar, whose classes the agent's loader defines with it as their code source. */
    private static java.io.File agentJar() throws java.net.URISyntaxException {
        return new java.io.File(AgentInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Binary-name prefixes of every type a hook may match, the JDK's included. */
    static List<String> hookedPrefixes(List<InstrumentationModule> modules) {
        return modules.stream().flatMap(m -> m.typePrefixes().stream()).toList();
    }

    /**
     * {@code traceflow.ui.port}: serves the viewer from inside the app, started on a daemon thread so the app's
     * start-up never waits for it (nor for the JDK's HTTP server classes). A viewer that cannot start is one warning.
     */
    static void startViewer(Config config, int port, Supplier<PriceTable> prices) {
        Thread starter = new Thread(() -> {
            try {
                ViewerServer viewer = ViewerServer.start(new ViewerServer.Options(config.get(Settings.DB),
                        config.get(Settings.UI_BIND), port, config.get(Settings.UI_TOKEN), prices.get()));
                AgentLog.info("TraceFlow viewer at " + viewer.url());
            } catch (Exception | LinkageError e) {
                AgentLog.warn("the viewer did not start (traceflow.ui.port=" + port + "): " + e.getMessage()
                        + "; recording goes on");
            }
        }, "traceflow-viewer-start");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * {@code traceflow.prices} over the built-in table: read once, on the first thread that asks (the viewer's
     * starter, or an evaluation thread configuring {@code max_cost}), never on the app's start-up path. A file that
     * cannot be read is one warning, and the viewer and the evaluators both use the built-in prices.
     */
    static final class ConfiguredPrices implements Supplier<PriceTable> {
        private final String file;
        private PriceTable table;

        ConfiguredPrices(Config config) {
            this.file = config.get(Settings.PRICES);
        }

        @Override
        public synchronized PriceTable get() {
            if (table == null) {
                try {
                    table = PriceTable.withOverrides(file);
                } catch (IllegalArgumentException e) {
                    AgentLog.warn(e.getMessage() + "; the viewer and the evaluators use the built-in prices");
                    table = PriceTable.builtIn();
                }
            }
            return table;
        }
    }

    /**
     * Swallowed instrumentation errors, counted by the runtime ({@code agent_runs.advice_errors}); those that occur
     * before it exists (while Byte Buddy retransforms already loaded classes) are handed over when it starts.
     */
    static final class AdviceErrors implements Consumer<Throwable> {
        private final List<Throwable> early = new ArrayList<>();
        private TraceFlowRuntime runtime;

        @Override
        public synchronized void accept(Throwable error) {
            if (runtime != null) {
                runtime.adviceError(error);
            } else {
                early.add(error); // bounded: at most one per class retransformed in premain
            }
        }

        synchronized void attach(TraceFlowRuntime started) {
            runtime = started;
            early.forEach(started::adviceError);
            early.clear();
        }
    }
}
