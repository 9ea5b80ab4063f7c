package io.traceflow.examples;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;

import io.traceflow.fake.FakeOpenAiServer;

import java.util.Map;

/**
 * A small app using the OpenAI Java SDK and LangChain4j the ordinary way. It contains no TraceFlow code: run it with
 * {@code -javaagent:agent/target/traceflow-agent.jar} and every call below lands in {@code traceflow.db}.
 * Without {@code OPENAI_API_KEY} it talks to a built-in fake OpenAI server on 127.0.0.1.
 *
 * <p>{@code --pace-ms N} waits N ms between calls, so that someone watching the viewer sees them arrive one by one
 * ({@code traceflow demo} passes it).
 */
public final class DemoApp {
    private DemoApp() {
    }

    public static void main(String[] args) throws Exception {
        long paceMs = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--pace-ms") && i + 1 < args.length) {
                paceMs = Long.parseLong(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: DemoApp [--pace-ms N]");
            }
        }
        String apiKey = System.getenv("OPENAI_API_KEY");
        try (FakeOpenAiServer fake = apiKey == null || apiKey.isBlank() ? FakeOpenAiServer.start() : null) {
            run(fake, paceMs);
            String model = fake != null ? "gpt-4o-mini" : System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini");
            LangChainDemo.run(fake != null ? fake.baseUrl() : System.getenv().getOrDefault("OPENAI_BASE_URL",
                    "https://api.openai.com/v1"), fake != null ? "sk-demo-not-a-real-key-000000000000" : apiKey, model,
                    paceMs);
        }
    }

    static void pause(long ms) throws InterruptedException {
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static void run(FakeOpenAiServer fake, long paceMs) throws InterruptedException {
        OpenAIClient client = fake != null
                ? OpenAIOkHttpClient.builder().apiKey("sk-demo-not-a-real-key-000000000000").baseUrl(fake.baseUrl()).build()
                : OpenAIOkHttpClient.fromEnv();
        String model = fake != null ? "gpt-4o-mini" : System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini");
        System.out.println(fake != null ? "Using the built-in fake OpenAI server at " + fake.baseUrl()
                : "Using the OpenAI API (OPENAI_API_KEY is set)");
        try {
            ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(model)
                    .addSystemMessage("You are a concise assistant.")
                    .addUserMessage("What is TraceFlow, in five words?")
                    .temperature(0.0)
                    .build());
            System.out.println("chat:      " + answer.choices().get(0).message().content().orElse(""));
            pause(paceMs);

            StringBuilder streamed = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model(model).addUserMessage("Count to three.").build())) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(
                        choice -> choice.delta().content().ifPresent(streamed::append)));
            }
            System.out.println("streamed:  " + streamed);
            pause(paceMs);

            ChatCompletion toolCall = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(model)
                    .addUserMessage("What is the weather in Paris?")
                    .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                            .name("get_weather").description("Current weather for a city")
                            .parameters(FunctionParameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                    .build())
                            .build()).build())
                    .build());
            toolCall.choices().get(0).message().toolCalls().ifPresent(calls -> calls.forEach(call ->
                    System.out.println("tool call: " + call.asFunction().function().name() + " "
                            + call.asFunction().function().arguments())));
            pause(paceMs);

            Response response = client.responses().create(ResponseCreateParams.builder()
                    .model(model).input("Say hello through the Responses API.").build());
            response.output().forEach(item -> item.message().ifPresent(message -> message.content().forEach(
                    content -> content.outputText().ifPresent(text -> System.out.println("responses: " + text.text())))));
            pause(paceMs);

            int vectors = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small").input("TraceFlow records LLM calls").build()).data().size();
            System.out.println("embedding: " + vectors + " vector(s)");
        } finally {
            client.close();
        }
    }
}
