package io.traceflow.it.apps;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

/**
 * An ordinary OpenAI SDK app, run in a forked JVM with and without the agent. It prints what it got, in a form
 * that must be byte-identical either way. Usage: {@code OpenAiScenarioApp <baseUrl> <scenario>...}.
 */
public final class OpenAiScenarioApp {
    /** Looks like a real key so the redaction default would catch it; the test greps the DB for it. */
    public static final String API_KEY = "sk-it-secret-0123456789abcdefghijklmnop";
    /** A key-shaped secret a user pasted into a prompt ("secret-prompt"): the redaction default must mask it. */
    public static final String PROMPT_SECRET = "sk-proj-PromptSecret0123456789abcdefXYZ";
    static final String MODEL = "gpt-4o-mini";

    private OpenAiScenarioApp() {
    }

    /** The app runs the tool the answer asks for and sends its result back: one trace, linked by id. */
    private static void toolLoop(OpenAIClient client, String prompt) {
        ChatCompletionCreateParams asking = chat(prompt).toBuilder().addTool(weatherTool()).build();
        ChatCompletion first = client.chat().completions().create(asking);
        ChatCompletionCreateParams.Builder next = asking.toBuilder().addMessage(first.choices().get(0).message());
        for (var call : first.choices().get(0).message().toolCalls().orElse(List.of())) {
            next.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id())
                    .content("Sunny in Rome").build());
        }
        System.out.println(client.chat().completions().create(next.build()).choices().get(0).message().content()
                .orElse(""));
    }

    /** A trace root when the test names it in traceflow.trace.methods: the call inside is its child. */
    public static void contractRoot(OpenAIClient client) {
        print(client.chat().completions().create(chat("Contract nested")));
    }

    private static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Weather for a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build()).build()).build();
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(API_KEY).baseUrl(baseUrl).maxRetries(0)
                .organization("org-it-secret-organization").build();
        OpenAIClientAsync async = OpenAIOkHttpClientAsync.builder().apiKey(API_KEY).baseUrl(baseUrl).maxRetries(0).build();
        try {
            for (int i = 1; i < args.length; i++) {
                System.out.println("== " + args[i]);
                run(args[i], client, async);
            }
        } finally {
            client.close();
            async.close();
        }
    }

    private static ChatCompletionCreateParams chat(String prompt) {
        return ChatCompletionCreateParams.builder().model(MODEL).addSystemMessage("Be brief.").addUserMessage(prompt)
                .temperature(0.2).maxCompletionTokens(64).build();
    }

    private static void run(String scenario, OpenAIClient client, OpenAIClientAsync async) throws Exception {
        switch (scenario) {
            case "chat" -> print(client.chat().completions().create(chat("Hello there")));
            case "secret-prompt" -> print(client.chat().completions().create(
                    chat("Please use key " + PROMPT_SECRET + " for the call")));
            case "stream" -> {
                StringBuilder text = new StringBuilder();
                try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                        chat("Stream please").toBuilder()
                                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                    stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
                }
                System.out.println(text);
            }
            case "stream-close-early" -> {
                try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat("Stop early"))) {
                    System.out.println("first chunk: " + stream.stream().findFirst().isPresent());
                }
            }
            case "tools" -> {
                ChatCompletion completion = client.chat().completions().create(chat("Weather in Paris?").toBuilder()
                        .addTool(weatherTool()).build());
                completion.choices().get(0).message().toolCalls().orElse(List.of()).forEach(call ->
                        System.out.println(call.asFunction().function().name() + " " + call.asFunction().function().arguments()));
            }
            case "contract-chat" -> print(client.chat().completions().create(chat("Contract chat")));
            case "contract-stream" -> {
                StringBuilder text = new StringBuilder();
                try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                        chat("Contract stream").toBuilder()
                                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                    stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
                }
                System.out.println(text);
            }
            case "contract-async" -> print(async.chat().completions().create(chat("Contract async"))
                    .get(30, TimeUnit.SECONDS));
            case "contract-tools" -> toolLoop(client, "Contract tools");
            case "contract-error" -> {
                try {
                    client.chat().completions().create(chat("FAIL500 contract error"));
                } catch (OpenAIServiceException e) {
                    System.out.println("error " + e.statusCode());
                }
            }
            case "contract-nested" -> contractRoot(client);
            case "contract-miss" -> {
                try {
                    client.chat().completions().create(chat("Contract miss"));
                } catch (RuntimeException e) { // TraceFlow's CacheReplayMissException
                    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            case "manual-tool-loop" -> toolLoop(client, "Weather in Rome?");
            case "error500" -> {
                try {
                    client.chat().completions().create(chat("FAIL500 please"));
                    System.out.println("no error?");
                } catch (OpenAIServiceException e) {
                    System.out.println("error " + e.statusCode() + " " + e.getClass().getSimpleName());
                }
            }
            case "embeddings" -> System.out.println(client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small").inputOfArrayOfStrings(List.of("alpha", "beta")).build()).data().size());
            case "responses" -> client.responses().create(ResponseCreateParams.builder().model(MODEL)
                    .instructions("Be brief.").input("Hello responses").build()).output()
                    .forEach(item -> item.message().ifPresent(m -> m.content().forEach(
                            c -> c.outputText().ifPresent(t -> System.out.println(t.text())))));
            case "responses-stream" -> {
                StringBuilder text = new StringBuilder();
                try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                        ResponseCreateParams.builder().model(MODEL).input("Stream responses").build())) {
                    stream.stream().forEach(e -> e.outputTextDelta().ifPresent(d -> text.append(d.delta())));
                }
                System.out.println(text);
            }
            case "async" -> {
                CompletableFuture<ChatCompletion> future = async.chat().completions().create(chat("Async hello"));
                print(future.get(30, TimeUnit.SECONDS));
            }
            case "async-stream" -> {
                StringBuilder text = new StringBuilder();
                AsyncStreamResponse<ChatCompletionChunk> stream = async.chat().completions().createStreaming(chat("Async stream"));
                stream.subscribe(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
                stream.onCompleteFuture().get(30, TimeUnit.SECONDS);
                System.out.println(text);
            }
            case "raw" -> {
                try (HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(chat("Raw hello"))) {
                    System.out.println("status " + raw.statusCode());
                    print(raw.parse());
                }
            }
            case "async-raw" -> {
                CompletableFuture<HttpResponseFor<ChatCompletion>> future =
                        async.chat().completions().withRawResponse().create(chat("Async raw answer"));
                try (HttpResponseFor<ChatCompletion> raw = future.get(30, TimeUnit.SECONDS)) {
                    System.out.println("status " + raw.statusCode());
                    print(raw.parse());
                }
            }
            case "async-raw-error" -> {
                // The failure reaches the app exactly as the SDK reports it, not wrapped a second time.
                CompletableFuture<String> handled = async.chat().completions().withRawResponse()
                        .create(chat("FAIL500 async raw")).handle((response, error) -> error == null ? "no error"
                                : error.getClass().getSimpleName());
                System.out.println("async raw error " + handled.get(30, TimeUnit.SECONDS));
            }
            case "async-raw-cancel" -> {
                CompletableFuture<HttpResponseFor<ChatCompletion>> future =
                        async.chat().completions().withRawResponse().create(chat("DELAY500 cancel me"));
                System.out.println("async raw cancelled " + future.cancel(true) + " " + future.isCancelled());
            }
            case "threads8" -> {
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        ChatCompletion c = client.chat().completions().create(chat("Same question for eight"));
                        return c.id() + " " + c.choices().get(0).message().content().orElse("");
                    }));
                }
                start.countDown();
                java.util.Set<String> distinct = new java.util.TreeSet<>();
                for (java.util.concurrent.Future<String> answer : answers) {
                    distinct.add(answer.get(30, TimeUnit.SECONDS).replaceAll("chatcmpl-fake\\d+", "chatcmpl-fake"));
                }
                pool.shutdown();
                System.out.println("8 answers, distinct: " + distinct);
            }
            case "unrecorded" -> {
                try {
                    print(client.chat().completions().create(chat("A question nobody recorded")));
                } catch (RuntimeException e) {
                    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    private static void print(ChatCompletion completion) {
        System.out.println(completion.choices().get(0).message().content().orElse("<no text>") + " ["
                + completion.usage().map(u -> u.totalTokens()).orElse(-1L) + " tokens]");
    }
}
