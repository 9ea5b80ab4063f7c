package io.traceflow.it.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;

/**
 * An ordinary LangChain4j app (langchain4j + langchain4j-open-ai), run in a forked JVM with and without the
 * agent. Uses only API common to the 1.0.x and 1.19.x lines. Usage: {@code LangChain4jScenarioApp <baseUrl> <scenario>...}.
 */
public final class LangChain4jScenarioApp {
    static final String API_KEY = "sk-lc4j-secret-0123456789abcdefghijkl";

    interface Assistant {
        String chat(@MemoryId String user, @UserMessage String message);
    }

    interface StreamingAssistant {
        TokenStream chat(String message);
    }

    /** An app's own "agent": a method named in traceflow.trace.methods, wrapping two AI Service calls. */
    public static final class Agent {
        private final Assistant assistant;
        private final ChatModel model;

        Agent(Assistant assistant, ChatModel model) {
            this.assistant = assistant;
            this.model = model;
        }

        public String run(String task) {
            return assistant.chat("carol", task + " (part one)") + " + " + assistant.chat("carol", task + " (part two)");
        }

        /** Fans work out to the app's own thread pool inside the trace root. */
        public String runParallel(String task) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            try {
                Future<String> a = pool.submit(() -> model.chat(task + " left"));
                CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> model.chat(task + " right"), pool);
                // A continuation stage on the default async executor: the context follows it too.
                CompletableFuture<String> c = b.thenApplyAsync(answer -> model.chat(task + " then"));
                // A delayed task on a scheduled executor, which queues its tasks itself.
                ScheduledFuture<String> d = scheduler.schedule(() -> model.chat(task + " later"), 20,
                        TimeUnit.MILLISECONDS);
                return a.get() + " | " + b.get() + " | " + c.get() + " | " + d.get();
            } finally {
                pool.shutdown();
                scheduler.shutdown();
            }
        }
    }

    public static final class Tools {
        @Tool("Current weather for a city")
        public String getWeather(String city) {
            return "Sunny in " + city;
        }

        @Tool("Local time in a city")
        public String getTime(String city) {
            return "12:00 in " + city;
        }
    }

    public static final class FailingTools {
        @Tool("Looks up a record")
        public String lookUp(String city) {
            return "FAIL500 while looking up " + city;
        }
    }

    /** A user-written ChatModel: no provider module, traced because it implements ChatModel. */
    public static final class UppercaseModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            String last = ((dev.langchain4j.data.message.UserMessage) request.messages().get(request.messages().size() - 1)).singleText();
            return ChatResponse.builder().aiMessage(AiMessage.from(last.toUpperCase())).build();
        }
    }

    /** A user-written ChatModel that calls the OpenAI Java SDK inside: the SDK call is a child step. */
    public static final class SdkBackedModel implements ChatModel {
        private final com.openai.client.OpenAIClient client;

        SdkBackedModel(String baseUrl) {
            this.client = com.openai.client.okhttp.OpenAIOkHttpClient.builder().apiKey(API_KEY).baseUrl(baseUrl)
                    .maxRetries(0).build();
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            String last = ((dev.langchain4j.data.message.UserMessage) request.messages().get(request.messages().size() - 1)).singleText();
            com.openai.models.chat.completions.ChatCompletion completion = client.chat().completions().create(
                    com.openai.models.chat.completions.ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                            .addUserMessage(last).build());
            return ChatResponse.builder().aiMessage(AiMessage.from(completion.choices().get(0).message().content()
                    .orElse(""))).build();
        }
    }

    private LangChain4jScenarioApp() {
    }

    /** No AI Service: the app offers tools, runs the ones the answer asks for, and sends the results. */
    static void toolLoop(ChatModel model, String prompt) {
        List<ToolSpecification> specs = ToolSpecifications.toolSpecificationsFrom(Tools.class);
        dev.langchain4j.data.message.UserMessage question = dev.langchain4j.data.message.UserMessage.from(prompt);
        AiMessage asked = model.chat(ChatRequest.builder().messages(question).toolSpecifications(specs).build())
                .aiMessage();
        List<ChatMessage> messages = new ArrayList<>(List.of(question, asked));
        for (ToolExecutionRequest call : asked.toolExecutionRequests()) {
            String result = new DefaultToolExecutor(new Tools(), call).execute(call, "default");
            messages.add(ToolExecutionResultMessage.from(call, result));
        }
        System.out.println(model.chat(ChatRequest.builder().messages(messages).toolSpecifications(specs).build())
                .aiMessage().text());
    }

    /** A streamed answer: the partial texts joined, then the complete text, when the stream ends. */
    static String stream(String baseUrl, String prompt) throws InterruptedException {
        StreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(API_KEY)
                .modelName("gpt-4o-mini").build();
        CountDownLatch done = new CountDownLatch(1);
        StringBuilder text = new StringBuilder();
        AtomicReference<String> complete = new AtomicReference<>();
        streaming.chat(prompt, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                text.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                complete.set(response.aiMessage().text());
                done.countDown();
            }

            @Override
            public void onError(Throwable error) {
                complete.set("error " + error);
                done.countDown();
            }
        });
        done.await(30, TimeUnit.SECONDS);
        return text + " | " + complete.get();
    }

    /** A trace root when the test names it in traceflow.trace.methods: the model call inside is its child. */
    public static final class ContractRoot {
        public void run(ChatModel model) {
            System.out.println(model.chat("Contract nested"));
        }
    }

    /**
     * What an app may read off a response's metadata, cast to the provider module's own types as apps do: a cache
     * hit must give the same (it used to be a plain ChatResponseMetadata, and this cast threw).
     */
    static String metadata(ChatResponse response) {
        OpenAiChatResponseMetadata metadata = (OpenAiChatResponseMetadata) response.metadata();
        OpenAiTokenUsage usage = metadata.tokenUsage();
        return metadata.getClass().getSimpleName() + " id=" + metadata.id() + " model=" + metadata.modelName()
                + " created=" + metadata.created() + " fingerprint=" + metadata.systemFingerprint() + " tier="
                + metadata.serviceTier() + " finish=" + metadata.finishReason() + " usage=" + usage.getClass().getSimpleName()
                + "(" + usage.inputTokenCount() + "," + usage.outputTokenCount() + "," + usage.totalTokenCount()
                + ", cached=" + (usage.inputTokensDetails() == null ? null : usage.inputTokensDetails().cachedTokens())
                + ", reasoning=" + (usage.outputTokensDetails() == null ? null
                        : usage.outputTokensDetails().reasoningTokens()) + ")";
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        ChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(API_KEY).modelName("gpt-4o-mini")
                .temperature(0.3).maxRetries(0).build();
        for (int i = 1; i < args.length; i++) {
            System.out.println("== " + args[i]);
            run(args[i], baseUrl, model);
        }
    }

    private static void run(String scenario, String baseUrl, ChatModel model) throws Exception {
        switch (scenario) {
            case "chat" -> System.out.println(model.chat("Hello LangChain4j"));
            case "chat-metadata" -> System.out.println(metadata(model.chat(ChatRequest.builder()
                    .messages(dev.langchain4j.data.message.UserMessage.from("Metadata please")).build())));
            case "custom-model" -> System.out.println(new UppercaseModel().chat("shout this"));
            case "custom-model-sdk" -> System.out.println(new SdkBackedModel(baseUrl).chat("through the SDK"));
            case "stream-cancel" -> {
                StreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(API_KEY)
                        .modelName("gpt-4o-mini").build();
                System.out.println(CancelledStream.run(streaming, "Cancel this stream"));
            }
            case "stream" -> {
                StreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(API_KEY)
                        .modelName("gpt-4o-mini").build();
                CountDownLatch done = new CountDownLatch(1);
                StringBuilder text = new StringBuilder();
                AtomicReference<String> complete = new AtomicReference<>();
                streaming.chat("Stream LangChain4j", new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                        text.append(partial);
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        complete.set(response.aiMessage().text() + " | " + metadata(response));
                        done.countDown();
                    }

                    @Override
                    public void onError(Throwable error) {
                        complete.set("error " + error);
                        done.countDown();
                    }
                });
                done.await(30, TimeUnit.SECONDS);
                System.out.println(text + " | " + complete.get());
            }
            case "tools" -> {
                Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Tools())
                        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20)).build();
                System.out.println(assistant.chat("alice", "Weather and time in Paris?"));
            }
            case "tools-fail" -> {
                Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new FailingTools())
                        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20)).build();
                try {
                    System.out.println(assistant.chat("bob", "Look up Paris"));
                } catch (RuntimeException e) {
                    System.out.println("failed: " + e.getClass().getName());
                }
            }
            case "manual-tool-loop" -> toolLoop(model, "Weather in Rome?");
            case "contract-chat" -> System.out.println(model.chat(ChatRequest.builder()
                    .messages(dev.langchain4j.data.message.UserMessage.from("Contract chat")).build()).aiMessage().text());
            case "contract-stream" -> System.out.println(stream(baseUrl, "Contract stream"));
            case "contract-tools" -> toolLoop(model, "Contract tools");
            case "contract-error" -> {
                try {
                    model.chat("FAIL500 contract error");
                } catch (RuntimeException e) {
                    System.out.println("error " + e.getClass().getSimpleName());
                }
            }
            case "contract-nested" -> new ContractRoot().run(model);
            case "contract-miss" -> {
                try {
                    model.chat("Contract miss");
                } catch (RuntimeException e) { // TraceFlow's CacheReplayMissException
                    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            case "embeddings" -> {
                OpenAiEmbeddingModel embeddings = OpenAiEmbeddingModel.builder().baseUrl(baseUrl).apiKey(API_KEY)
                        .modelName("text-embedding-3-small").build();
                System.out.println(embeddings.embedAll(List.of(TextSegment.from("one"), TextSegment.from("two")))
                        .content().size());
            }
            case "agent-run" -> {
                Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20)).build();
                System.out.println(new Agent(assistant, model).run("Plan a trip"));
            }
            case "agent-parallel" -> System.out.println(new Agent(null, model).runParallel("Fan out"));
            case "concurrent-tools" -> {
                AiServices<Assistant> builder = AiServices.builder(Assistant.class).chatModel(model).tools(new Tools())
                        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20));
                try {
                    // Added after 1.0: older lines run the tools one after the other.
                    builder.getClass().getMethod("executeToolsConcurrently").invoke(builder);
                } catch (NoSuchMethodException olderLine) {
                    // same answer either way
                }
                System.out.println(builder.build().chat("dave", "Weather and time in Paris, quickly?"));
            }
            case "token-stream" -> {
                StreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(API_KEY)
                        .modelName("gpt-4o-mini").build();
                StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class).streamingChatModel(streaming)
                        .tools(new Tools()).build();
                CompletableFuture<String> done = new CompletableFuture<>();
                StringBuilder text = new StringBuilder();
                assistant.chat("Stream the weather in Paris").onPartialResponse(text::append)
                        .onCompleteResponse(r -> done.complete(r.aiMessage().text()))
                        .onError(done::completeExceptionally).start();
                System.out.println(done.get(30, TimeUnit.SECONDS) + " | " + text);
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }
}
