package io.traceflow.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * An app that uses a hooked library in the first lines of {@code main}, before the agent's background installation
 * can be done. On stderr (so stdout stays comparable) it says whether that installation was still running when
 * {@code main} began. Usage: {@code EarlyCallApp <baseUrl> [sdk|model|task]}:
 * <ul>
 *   <li>{@code sdk} (default): an OpenAI SDK chat call;</li>
 *   <li>{@code model}: a user's own LangChain4j {@code ChatModel}, created first thing;</li>
 *   <li>{@code task}: {@link SubTask#run()}, a subclass of a class named in {@code traceflow.trace.methods}.</li>
 * </ul>
 */
public final class EarlyCallApp {
    private EarlyCallApp() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        boolean installing = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("traceflow-install"));
        System.err.println("agent installing at main: " + installing);
        String mode = args.length > 1 ? args[1] : "sdk";
        switch (mode) {
            case "model" -> System.out.println(new EarlyModel().chat("hello early model"));
            case "task" -> System.out.println(new SubTask().run());
            default -> {
                // The SDK service class a chat call goes through, loaded at once: building a client first takes
                // about as long as the agent's installation, so without this it would seldom load before it is done.
                Class.forName("com.openai.services.blocking.chat.ChatCompletionServiceImpl");
                System.out.println(ask(args[0], "Hello early"));
            }
        }
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

    /** A user-written model: its own doChat is hooked, also when the class loads before the agent is ready. */
    public static final class EarlyModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            return ChatResponse.builder().aiMessage(AiMessage.from("early model answer")).build();
        }
    }

    /** Named in {@code traceflow.trace.methods} by the tests ({@code EarlyCallApp$Task#run}). */
    public static class Task {
        public String run() {
            return "task ran";
        }
    }

    public static final class SubTask extends Task {
        @Override
        public String run() {
            return "subtask ran";
        }
    }
}
