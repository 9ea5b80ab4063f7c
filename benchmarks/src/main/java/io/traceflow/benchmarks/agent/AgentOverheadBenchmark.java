package io.traceflow.benchmarks.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.blocking.chat.BenchStubChatCompletionService;

import io.traceflow.fake.FakeOpenAiServer;

/**
 * One blocking chat completion with a 1 KB prompt, the way an app makes it, timed per call on the app thread.
 * Contains no TraceFlow code: {@link AgentOverheadRun} runs it in forks with and without
 * {@code -javaagent:traceflow-agent.jar} and subtracts the medians.
 *
 * <ul>
 *   <li>{@code inProcess}: the SDK with {@link CannedHttpClient} (no network): the agent's share is not hidden.
 *       Calls back to back: far more than the writer can store, so its queue fills and drops.</li>
 *   <li>{@code inProcessPaced}: the same call after an untimed pause of busy work, at a rate the writer keeps up
 *       with.</li>
 *   <li>{@code agentPathPaced}: no SDK work, a stub service the agent hooks like the SDK's: the agent's path alone.</li>
 *   <li>{@code inProcessPacedCpu}: {@code inProcessPaced}, also counting the app thread's CPU time per call.</li>
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
     * The in-process call, paced: each call is preceded by about 0.2 ms of busy work (not timed), so calls come
     * at a few thousand a second, a rate the writer keeps up with and, between calls, waits for the next event.
     * Back to back ({@link InProcess}) the app thread makes more calls than the writer can store: its queue
     * fills, events are dropped, and the writer never waits. The pause is spent spinning rather than sleeping so
     * the app thread keeps its core and its caches: parked and woken for every call, its time per call varies
     * by tens of microseconds on a busy machine, which would hide the agent's share.
     */
    @State(Scope.Benchmark)
    public static class InProcessPaced extends InProcess {
        static final long PAUSE_TOKENS = 100_000;

        @Setup(Level.Invocation)
        public void pause() {
            Blackhole.consumeCPU(PAUSE_TOKENS);
        }
    }

    /**
     * No SDK work at all: {@link BenchStubChatCompletionService#create} returns a prepared completion. The agent
     * hooks it like the SDK's own service, so with the agent the time per call is the agent's app-thread path
     * (hook, trace placement, event, queue hand-off) plus a few nanoseconds. Paced like {@link InProcessPaced}
     * so the writer keeps up (back to back, nearly every event would be dropped, the cheaper path).
     */
    @State(Scope.Benchmark)
    public static class StubPaced {
        BenchStubChatCompletionService service;
        ChatCompletionCreateParams params;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            String json = CannedHttpClient.chatCompletionJson(MODEL, "Echo: " + PROMPT_1KB);
            service = new BenchStubChatCompletionService(
                    ObjectMappers.jsonMapper().readValue(json, ChatCompletion.class));
            params = params();
        }

        @Setup(Level.Invocation)
        public void pause() {
            Blackhole.consumeCPU(InProcessPaced.PAUSE_TOKENS);
        }
    }

    @State(Scope.Benchmark)
    public static class Loopback {
        FakeOpenAiServer server;
        OpenAIClient client;
        ChatCompletionCreateParams params;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
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

    /**
     * The paced call again, also counting the CPU time of the app thread itself: unlike elapsed time, it does not
     * grow when other threads (the agent's writer, other processes) take the core away, so it shows the work the
     * agent adds to the calling thread even on a busy machine. Read from the aux counters
     * {@code appThreadCpuNanos} and {@code calls}; the timer calls add the same to both configurations.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public ChatCompletion inProcessPacedCpu(InProcessPaced state, CpuCounters cpu) {
        long before = THREADS.getCurrentThreadCpuTime();
        ChatCompletion completion = state.client.chat().completions().create(state.params);
        cpu.appThreadCpuNanos += THREADS.getCurrentThreadCpuTime() - before;
        cpu.calls++;
        return completion;
    }

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuCounters {
        public long appThreadCpuNanos;
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            appThreadCpuNanos = 0;
            calls = 0;
        }
    }

    @Benchmark
    public ChatCompletion agentPathPaced(StubPaced state) {
        return state.service.create(state.params, RequestOptions.none());
    }

    @Benchmark
    public ChatCompletion loopback(Loopback state) {
        return state.client.chat().completions().create(state.params);
    }

    /**
     * An in-process LangChain4j {@code ChatModel} (a user's own implementation, no provider module) that answers
     * at once, 1 KB prompt, paced like {@link InProcessPaced}: with the agent, the difference is TraceFlow's
     * app-thread path for a LangChain4j call (hook, trace placement, frame, event, queue hand-off).
     */
    @State(Scope.Benchmark)
    public static class LangChainPaced {
        dev.langchain4j.model.chat.ChatModel model;
        dev.langchain4j.model.chat.request.ChatRequest request;

        @Setup(Level.Trial)
        public void setUp() {
            model = new InstantChatModel("Echo: " + PROMPT_1KB);
            request = dev.langchain4j.model.chat.request.ChatRequest.builder()
                    .messages(dev.langchain4j.data.message.UserMessage.from(PROMPT_1KB)).build();
        }

        @Setup(Level.Invocation)
        public void pause() {
            Blackhole.consumeCPU(InProcessPaced.PAUSE_TOKENS);
        }
    }

    @Benchmark
    public dev.langchain4j.model.chat.response.ChatResponse langchain4jChatModelPaced(LangChainPaced state) {
        return state.model.chat(state.request);
    }

    /**
     * A 2 KB prompt against the fake server over loopback. Run with {@code --agent-prop traceflow.cache=read-write}
     * the forks with the agent record the first call and answer every later one from the cache: "with" is then a
     * cache hit, "without" the real round trip, in the same run (docs/benchmarks.md, the cache section).
     */
    @State(Scope.Benchmark)
    public static class Loopback2k extends Loopback {
        @Override
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            super.setUp();
            params = ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(prompt(2048)).temperature(0.0)
                    .build();
        }
    }

    @Benchmark
    public ChatCompletion loopback2k(Loopback2k state) {
        return state.client.chat().completions().create(state.params);
    }
}
