package io.traceflow.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * An app that calls the OpenAI SDK in the first lines of {@code main}, before the agent's background installation
 * can be done. On stderr (so stdout stays comparable) it says whether that installation was still running when
 * {@code main} began. Usage: {@code EarlyCallApp <baseUrl>}.
 */
public final class EarlyCallApp {
    private EarlyCallApp() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        boolean installing = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("traceflow-install"));
        System.err.println("agent installing at main: " + installing);
        // The SDK service class a chat call goes through, loaded at once: building a client first takes about
        // as long as the agent's installation, so without this the class would seldom load before it is done.
        Class.forName("com.openai.services.blocking.chat.ChatCompletionServiceImpl");
        System.out.println(ask(args[0], "Hello early"));
    }

    /** A method the tests name in {@code traceflow.trace.methods}. */
    static String ask(String baseUrl, String prompt) {
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-early-0123456789abcdefghijklmn")
                .baseUrl(baseUrl).maxRetries(0).build();
        try {
            return client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                    .addUserMessage(prompt).build()).choices().get(0).message().content().orElse("");
        } finally {
            client.close();
        }
    }
}
