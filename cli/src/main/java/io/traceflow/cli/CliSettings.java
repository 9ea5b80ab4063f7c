package io.traceflow.cli;

import java.nio.file.Path;
import java.util.Optional;

import io.traceflow.core.config.Config;
import io.traceflow.core.config.ConfigLoader;
import io.traceflow.core.config.ConfigProblem;
import io.traceflow.core.config.Settings;
import io.traceflow.core.pricing.PriceTable;
import io.traceflow.viewer.ViewerServer;

/** Viewer options from the command line, falling back to the traceflow.* settings (-D, environment, file). */
final class CliSettings {
    private CliSettings() {
    }

    /** The price table: --prices, else traceflow.prices, over the built-in one. */
    static PriceTable prices(String file) {
        return PriceTable.withOverrides(file != null ? file : ConfigLoader.fromEnvironment().get(Settings.PRICES));
    }

    static ViewerServer.Options viewerOptions(Path db, String bind, int port, String token, String prices) {
        Config config = ConfigLoader.fromEnvironment();
        for (ConfigProblem problem : config.problems()) {
            if (problem.key().startsWith("traceflow.ui.") || problem.key().equals("traceflow.prices")) {
                throw new IllegalArgumentException(problem.message());
            }
        }
        String effectiveToken = Optional.ofNullable(token).orElse(config.get(Settings.UI_TOKEN));
        String effectivePrices = Optional.ofNullable(prices).orElse(config.get(Settings.PRICES));
        return new ViewerServer.Options(db, bind, port, effectiveToken, PriceTable.withOverrides(effectivePrices));
    }
}
