package io.traceflow.benchmarks.agent;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import io.traceflow.fake.FakeOpenAiServer;

/**
 * One blocking chat completion with a 1 KB prompt, the way an app makes it, timed per call on the app thread.
 * Contains no TraceFlow code: {@link AgentOverheadRun} runs it in forks with and without
 * {@code -javaagent:traceflow-agent.jar} and subtracts the medians.
 *
 * <ul>
 *   <li>{@code inProcess}: the SDK with {@link CannedHttpClient} (no network): the agent's share is not hidden.
 *       Calls back to back: far more than the writer can store, so its queue fills and drops.</li>
 *   <li>{@code inProcessPaced}: the same call after an untimed 0.2 ms pause, at a rate the writer keeps up with.</li>
 *   <li>{@code loopback}: the SDK's OkHttp client against {@link FakeOpenAiServer} on 127.0.0.1, in this JVM.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AgentOverheadBenchmark {
    /** 1024 characters of plain prose: the user message of every call. */
    static final String PROMPT_1KB = prompt(1024);
    static final String MODEL = "gpt-4o-mini";
    static final String API_KEY = "sk-bench-not-a-real-key-000000000000";

    static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(PROMPT_1KB).build();
    }

    static String prompt(int length) {
        String words = "The quick brown fox jumps over the lazy dog while the agent records the call. ";
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            sb.append(words);
        }
        return sb.substring(0, length);
    }

    @State(Scope.Benchmark)
    public static class InProcess {
        OpenAIClient client;
        ChatCompletionCreateParams params;

        @Setup(Level.Trial)
        public void setUp() {
            client = new OpenAIClientImpl(ClientOptions.builder()
                    .httpClient(new CannedHttpClient(CannedHttpClient.chatCompletionJson(MODEL, "Echo: " + PROMPT_1KB)))
                    .apiKey(API_KEY)
                    .maxRetries(0)
                    .build());
            params = params();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            client.close();
        }
    }

    /**
     * The in-process call, paced: each call is preceded by a pause (not timed) so calls come at a few thousand a
     * second at most, a rate the writer keeps up with. Back to back ({@link InProcess}) the app thread makes
     * tens of thousands of calls a second, more than the writer can render and store; the queue then fills and
     * the writer's work competes with the app thread for the CPU, which is a different question.
     */
    @State(Scope.Benchmark)
    public static class InProcessPaced extends InProcess {
        static final long PAUSE_NANOS = 200_000;

        @Setup(Level.Invocation)
        public void pause() {
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    @State(Scope.Benchmark)
    public static class Loopback {
        FakeOpenAiServer server;
        OpenAIClient client;
        ChatCompletionCreateParams params;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            // The JDK HttpServer writes headers and body separately: without TCP_NODELAY, Nagle's algorithm and
            // the client's delayed ACK add ~40 ms to every response. Read when the server class initializes.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = FakeOpenAiServer.start();
            client = OpenAIOkHttpClient.builder().apiKey(API_KEY).baseUrl(server.baseUrl()).maxRetries(0).build();
            params = params();
        }

        @Setup(Level.Iteration)
        public void forgetRequests() {
            server.clearRecorded();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            client.close();
            server.close();
        }
    }

    @Benchmark
    public ChatCompletion inProcess(InProcess state) {
        return state.client.chat().completions().create(state.params);
    }

    @Benchmark
    public ChatCompletion inProcessPaced(InProcessPaced state) {
        return state.client.chat().completions().create(state.params);
    }

    @Benchmark
    public ChatCompletion loopback(Loopback state) {
        return state.client.chat().completions().create(state.params);
    }
}
