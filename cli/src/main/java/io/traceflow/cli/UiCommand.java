package io.traceflow.cli;

import java.io.File;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.traceflow.core.store.TraceStore;
import io.traceflow.viewer.ViewerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Serves the viewer over one file until the process is stopped (Ctrl-C). */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Serve the web viewer (traces, replay, analytics) over a TraceFlow file; stop with Ctrl-C.")
final class UiCommand implements Callable<Integer> {
    @Option(names = "--db", defaultValue = "traceflow.db", description = "The TraceFlow database file (default: ${DEFAULT-VALUE}).")
    File db;

    @Option(names = "--port", defaultValue = "7070", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Any other than loopback needs --token.")
    String bind;

    @Option(names = "--token", description = "Secret every request must carry (default: traceflow.ui.token, else none).")
    String token;

    @Option(names = "--prices", description = "JSON price file overriding the built-in prices (default: traceflow.prices).")
    String prices;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Fail early on a typo'd path or a file that is not TraceFlow's, instead of serving errors.
        TraceStore.closeQuietly(TraceStore.openReadOnly(db.toPath()));
        try (ViewerServer viewer = ViewerServer.start(CliSettings.viewerOptions(db.toPath(), bind, port, token, prices))) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("TraceFlow viewer for " + db.getAbsolutePath() + " at " + viewer.url());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
