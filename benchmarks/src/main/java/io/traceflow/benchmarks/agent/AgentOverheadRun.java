package io.traceflow.benchmarks.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link AgentOverheadBenchmark} twice per benchmark in one invocation, in forks without and then with
 * {@code -javaagent:traceflow-agent.jar}, and prints the median (p0.50) per call of each and their difference:
 * the app-thread time the agent adds to one call. After the forks with the agent it opens their database and
 * prints what was recorded (steps, {@code agent_runs.events_written/dropped/failed}, advice errors), since a
 * figure from an agent that recorded nothing would mean nothing.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.traceflow.benchmarks.agent.AgentOverheadRun \
 *     --agent agent/target/traceflow-agent.jar [--forks 3] [--warmup 5] [--iterations 5] [--time 2]
 *     [--benchmarks agentPathPaced,inProcess,inProcessPaced,inProcessPacedCpu,loopback] [--out target/agent-overhead] [--jvm-arg -Xmx1g ...]
 *     [--agent-prop traceflow.queue.capacity=1000000 ...]
 * </pre>
 */
public final class AgentOverheadRun {
    private AgentOverheadRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> opts = parse(args);
        Path agent = Path.of(one(opts, "agent", "agent/target/traceflow-agent.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(agent)) {
            throw new IllegalArgumentException("no agent jar at " + agent + " (build it: mvn -DskipTests package)");
        }
        int forks = Integer.parseInt(one(opts, "forks", "2"));
        int warmup = Integer.parseInt(one(opts, "warmup", "3"));
        int iterations = Integer.parseInt(one(opts, "iterations", "5"));
        int seconds = Integer.parseInt(one(opts, "time", "1"));
        List<String> benchmarks = Arrays.asList(one(opts, "benchmarks", "agentPathPaced,inProcess,inProcessPaced,inProcessPacedCpu,loopback").split(","));
        Path out = Path.of(one(opts, "out", "benchmarks/target/agent-overhead")).toAbsolutePath().normalize();
        List<String> jvmArgs = opts.getOrDefault("jvm-arg", List.of("-Xms1g", "-Xmx1g"));
        List<String> agentProps = opts.getOrDefault("agent-prop", List.of());
        Files.createDirectories(out);

        System.out.printf(Locale.ROOT, "agent %s%nforks %d, warmup %d x %d s, measurement %d x %d s, JVM args %s,"
                + " agent settings %s%nJMH logs and JSON results in %s%n%n", agent, forks, warmup, seconds,
                iterations, seconds, jvmArgs, agentProps, out);
        List<String> report = new ArrayList<>();
        report.add("| benchmark | p0.50 without | p0.50 with | added p0.50 | p0.90 without | p0.90 with"
                + " | per-fork p0.50 without | per-fork p0.50 with | calls sampled (with) |");
        report.add("|---|---|---|---|---|---|---|---|---|");
        List<String> cpu = new ArrayList<>();
        cpu.add("| benchmark | app-thread CPU without | CPU with | added CPU | mean elapsed without | mean elapsed with |");
        cpu.add("|---|---|---|---|---|---|");
        List<String> recorded = new ArrayList<>();
        recorded.add("| benchmark | steps in db | agent runs | events_written | events_dropped | events_failed"
                + " | advice_errors |");
        recorded.add("|---|---|---|---|---|---|---|");
        for (String benchmark : benchmarks) {
            Path db = out.resolve(benchmark + ".db");
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(db + suffix));
            }
            List<String> withAgent = new ArrayList<>(jvmArgs);
            withAgent.add("-javaagent:" + agent);
            withAgent.add("-Dtraceflow.db=" + db);
            for (String prop : agentProps) {
                withAgent.add("-D" + prop);
            }
            RunResult without = run(benchmark, "without-agent", jvmArgs, forks, warmup, iterations, seconds, out);
            RunResult with = run(benchmark, "with-agent", withAgent, forks, warmup, iterations, seconds, out);
            if (benchmark.endsWith("Cpu")) {
                double cpuA = cpuMicrosPerCall(without);
                double cpuB = cpuMicrosPerCall(with);
                cpu.add(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | %s | %s |", benchmark, us(cpuA), us(cpuB),
                        us(cpuB - cpuA), us(without.getPrimaryResult().getScore()),
                        us(with.getPrimaryResult().getScore())));
                recorded.add("| " + benchmark + " | " + String.join(" | ", dbCounts(db)) + " |");
                continue;
            }
            Statistics a = without.getPrimaryResult().getStatistics();
            Statistics b = with.getPrimaryResult().getStatistics();
            report.add(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | %s | %s | %s | %s | %d |", benchmark,
                    us(a.getPercentile(50)), us(b.getPercentile(50)),
                    us(b.getPercentile(50) - a.getPercentile(50)), us(a.getPercentile(90)), us(b.getPercentile(90)),
                    perFork(without), perFork(with), b.getN()));
            recorded.add("| " + benchmark + " | " + String.join(" | ", dbCounts(db)) + " |");
        }
        System.out.println();
        System.out.println("Time per call on the app thread (JMH SampleTime, µs; added = with − without):");
        System.out.println();
        report.forEach(System.out::println);
        if (cpu.size() > 2) {
            System.out.println();
            System.out.println("CPU time of the app thread per call (µs, from the aux counters; added = with − without):");
            System.out.println();
            cpu.forEach(System.out::println);
        }
        System.out.println();
        System.out.println("What the agent recorded during the forks with it:");
        System.out.println();
        recorded.forEach(System.out::println);
    }

    private static RunResult run(String benchmark, String label, List<String> jvmArgs, int forks, int warmup,
            int iterations, int seconds, Path out) throws RunnerException {
        String name = benchmark + "-" + label;
        System.out.println("running " + name + " ... (log: " + out.resolve(name + ".log") + ")");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(AgentOverheadBenchmark.class.getName() + "\\." + benchmark + "$")
                .forks(forks)
                .warmupIterations(warmup)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .result(out.resolve(name + ".json").toString())
                .resultFormat(ResultFormatType.JSON)
                .output(out.resolve(name + ".log").toString())
                .verbosity(VerboseMode.NORMAL);
        RunResult result = new Runner(options.build()).runSingle();
        Statistics s = result.getPrimaryResult().getStatistics();
        BenchmarkParams params = result.getParams();
        System.out.printf(Locale.ROOT, "  %s: p0.50 %s µs, p0.90 %s µs, n=%d (forks %d, jvm %s)%n", name,
                us(s.getPercentile(50)), us(s.getPercentile(90)), s.getN(), params.getForks(), params.getJvmArgs());
        return result;
    }

    /** appThreadCpuNanos / calls over all measured iterations of all forks, in µs. */
    private static double cpuMicrosPerCall(RunResult result) {
        double nanos = 0;
        double calls = 0;
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                nanos += iteration.getSecondaryResults().get("appThreadCpuNanos").getScore();
                calls += iteration.getSecondaryResults().get("calls").getScore();
            }
        }
        return calls == 0 ? Double.NaN : nanos / calls / 1000;
    }

    private static String perFork(RunResult result) {
        List<String> medians = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            medians.add(us(fork.getPrimaryResult().getStatistics().getPercentile(50)));
        }
        return String.join(" / ", medians);
    }

    private static String us(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** steps, agent runs, events written/dropped/failed, advice errors: from the file the forks wrote. */
    private static List<String> dbCounts(Path db) {
        if (!Files.isRegularFile(db)) {
            return List.of("NO DATABASE", "-", "-", "-", "-", "-");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            List<String> values = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM steps WHERE status = 'ok'"
                    + " AND length(input_text) >= 1024 AND length(output_text) >= 1024")) {
                r.next();
                values.add(Long.toString(r.getLong(1)));
            }
            try (ResultSet r = s.executeQuery("SELECT count(*), sum(events_written), sum(events_dropped),"
                    + " sum(events_failed), sum(advice_errors) FROM agent_runs")) {
                r.next();
                for (int i = 1; i <= 5; i++) {
                    values.add(Long.toString(r.getLong(i)));
                }
            }
            return values;
        } catch (SQLException e) {
            return List.of("ERROR " + e.getMessage(), "-", "-", "-", "-", "-");
        }
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opts.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        return opts;
    }

    private static String one(Map<String, List<String>> opts, String name, String fallback) {
        List<String> values = opts.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }

}
