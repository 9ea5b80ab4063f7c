package io.traceflow.it.boot;

import java.security.CodeSource;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;

/**
 * Run as {@code java -jar traceflow-it-spring-boot-app-exec.jar <baseUrl>}: a blocking and a streaming chat call
 * against the fake server, from inside Spring Boot's nested-jar class loader. It prints where the SDK was loaded
 * from and what it got, which must be the same with and without the agent.
 */
public final class BootChatApp {
    private BootChatApp() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        System.out.println("loader " + BootChatApp.class.getClassLoader().getClass().getName());
        CodeSource sdk = OpenAIClient.class.getProtectionDomain().getCodeSource();
        String location = sdk == null ? "?" : sdk.getLocation().toString();
        System.out.println("sdk nested in BOOT-INF/lib: " + location.contains("BOOT-INF/lib/openai-java-core-"));

        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-boot-secret-0123456789abcdefghij")
                .baseUrl(baseUrl).maxRetries(0).build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                    .addUserMessage("Hello from Boot").build();
            ChatCompletion completion = client.chat().completions().create(params);
            System.out.println(completion.choices().get(0).message().content().orElse("<no text>") + " ["
                    + completion.usage().map(u -> u.totalTokens()).orElse(-1L) + " tokens]");

            StringBuilder text = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    params.toBuilder().messages(java.util.List.of()).addUserMessage("Stream from Boot")
                            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
            System.out.println(text);
        } finally {
            client.close();
        }
    }
}
