package io.traceflow.benchmarks.startup;

import java.time.Instant;
import java.util.Locale;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import io.traceflow.fake.FakeOpenAiServer;

/**
 * The small app of the start-up measurements (benchmarks/scripts/startup.sh): it creates an OpenAI client the
 * ordinary way and exits, or with {@code calls N} also makes N chat completions against the fake server on
 * 127.0.0.1. It contains no TraceFlow code.
 *
 * <p>With {@code -Dstartup.launched=<epoch nanoseconds>} (the script passes {@code date +%s%N} taken just before
 * {@code exec java}) it prints one line {@code startup: main=<ms> client=<ms> calls=<ms> first_call=<ms>}: the
 * time from launch to the first line of {@code main} (JVM start-up plus any agent's premain), to build the
 * client, for all calls and for the first of them; and {@code cpu_main=<ms> cpu_end=<ms>}, the CPU time the whole
 * process had used (all threads) at the start of {@code main} and at the end, which a busy machine inflates less
 * than wall time.
 */
public final class StartupApp {
    private StartupApp() {
    }

    public static void main(String[] args) throws Exception {
        long atMain = epochNanos();
        long cpuAtMain = cpuMillis();
        long launched = Long.getLong("startup.launched", 0L);
        int calls = args.length >= 2 && args[0].equals("calls") ? Integer.parseInt(args[1]) : 0;

        long t0 = System.nanoTime();
        FakeOpenAiServer server = calls > 0 ? FakeOpenAiServer.start() : null;
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .apiKey("sk-startup-not-a-real-key-000000000000")
                .baseUrl(server != null ? server.baseUrl() : "http://127.0.0.1:9/v1")
                .build();
        long t1 = System.nanoTime();
        long firstCall = 0;
        for (int i = 0; i < calls; i++) {
            long c0 = System.nanoTime();
            client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini").addUserMessage("Call number " + i).build());
            if (i == 0) {
                firstCall = System.nanoTime() - c0;
            }
        }
        long t2 = System.nanoTime();
        client.close();
        if (server != null) {
            server.close();
        }
        if (launched > 0) {
            System.out.println(String.format(Locale.ROOT, "startup: main=%.1f client=%.1f calls=%.1f first_call=%.1f"
                    + " cpu_main=%d cpu_end=%d", (atMain - launched) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                    firstCall / 1e6, cpuAtMain, cpuMillis()));
        }
    }

    /** CPU time of the whole process so far (all threads: JIT, GC, an agent's), from /proc. */
    private static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
