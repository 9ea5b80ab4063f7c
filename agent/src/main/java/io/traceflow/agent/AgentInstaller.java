package io.traceflow.agent;

import java.lang.instrument.Instrumentation;

import io.traceflow.core.TraceFlowVersion;
import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.config.ConfigProblem;
import io.traceflow.core.config.Settings;
import io.traceflow.core.log.AgentLog;
import io.traceflow.core.runtime.TraceFlowRuntime;

/**
 * Runs inside the isolated {@code AgentClassLoader}, called once by the launcher's {@code premain}: reads the
 * configuration, reports its problems (one line each), and starts the runtime. Opening the database happens on the
 * writer thread, so the app's start-up does not wait for SQLite's native library or the disk.
 */
public final class AgentInstaller {
    private AgentInstaller() {
    }

    public static void install(Instrumentation instrumentation, String agentArgs, ClassLoader agentLoader) {
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
        String instrumentations = String.join(",", config.get(Settings.INSTRUMENTATIONS));
        TraceFlowRuntime.start(config, instrumentations);
        AgentLog.info("TraceFlow " + TraceFlowVersion.agent() + " recording to "
                + config.get(Settings.DB).toAbsolutePath().normalize() + " (instrumentations: "
                + (instrumentations.isEmpty() ? "none" : instrumentations) + ")");
    }
}
