package io.traceflow.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.Settings;
import io.traceflow.instrumentation.api.InstrumentationModule;

/**
 * The instrumentation modules in the agent jar, found with {@link ServiceLoader} (each module lists itself in
 * {@code META-INF/services/io.traceflow.instrumentation.api.InstrumentationModule}; the build merges the lists), and
 * the ones a configuration selects. Nothing here names a library: adding one is adding its module.
 */
final class Instrumentations {
    private Instrumentations() {
    }

    /** Every module the agent has, in the order the jar lists them. */
    static List<InstrumentationModule> found(ClassLoader agentLoader) {
        List<InstrumentationModule> found = new ArrayList<>();
        for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class, agentLoader)) {
            found.add(module);
        }
        return List.copyOf(found);
    }

    /**
     * The modules to install, and at most one problem: {@code traceflow.instrumentations} naming a module the agent
     * does not have, which (like any bad value) is reported and makes the default ({@code all}) apply.
     */
    record Selection(List<InstrumentationModule> active, String problem) {
    }

    static Selection select(List<InstrumentationModule> found, Config config) {
        List<String> chosen = config.get(Settings.INSTRUMENTATIONS);
        List<String> known = found.stream().filter(InstrumentationModule::selectable).map(InstrumentationModule::name)
                .toList();
        List<String> unknown = chosen.stream()
                .filter(name -> !name.equals(Settings.ALL_INSTRUMENTATIONS) && !known.contains(name)).toList();
        String problem = null;
        if (!unknown.isEmpty()) {
            problem = "invalid setting traceflow.instrumentations=" + String.join(",", chosen)
                    + ": no instrumentation named " + String.join(", ", unknown) + "; allowed: a comma-separated list of "
                    + String.join(", ", known) + "; or all; or none. Using the default (all).";
            chosen = List.of(Settings.ALL_INSTRUMENTATIONS);
        }
        List<InstrumentationModule> active = new ArrayList<>();
        for (InstrumentationModule module : found) {
            boolean on = module.selectable()
                    ? chosen.contains(Settings.ALL_INSTRUMENTATIONS) || chosen.contains(module.name())
                    : module.enabled(config);
            if (on) {
                active.add(module);
            }
        }
        return new Selection(List.copyOf(active), problem);
    }
}
