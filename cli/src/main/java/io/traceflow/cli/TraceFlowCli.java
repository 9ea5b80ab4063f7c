package io.traceflow.cli;

import java.io.PrintWriter;

import io.traceflow.core.TraceFlowVersion;
import io.traceflow.core.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar traceflow-agent.jar <command>}. Every failure a user can cause (missing file, not a SQLite file,
 * newer schema, bad option) is one line on stderr and a non-zero exit: 1 for a failed command, 2 for bad usage.
 */
@Command(name = "traceflow", mixinStandardHelpOptions = true, versionProvider = TraceFlowCli.Version.class,
        description = "Zero-code observability, caching and replay for LLM calls on the JVM.",
        subcommands = {StatsCommand.class, VacuumCommand.class, BackupCommand.class, PruneCommand.class, CacheCommand.class,
                EvalCommand.class, UiCommand.class, TracesCommand.class, ExportCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class TraceFlowCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new TraceFlowCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = ex instanceof StoreException || ex instanceof IllegalArgumentException
                    ? ex.getMessage() : ex.toString();
            commandLine.getErr().println("traceflow: " + message);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"TraceFlow " + TraceFlowVersion.agent() + " (sqlite-jdbc "
                    + TraceFlowVersion.sqliteJdbc() + ", Java " + System.getProperty("java.version") + ")"};
        }
    }
}
