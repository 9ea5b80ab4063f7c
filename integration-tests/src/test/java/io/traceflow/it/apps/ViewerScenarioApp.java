package io.traceflow.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * OpenAI SDK calls for the viewer's tests. {@code hostile}: prompts (echoed back by the fake server, so answers too)
 * that would run script if a page ever rendered them as HTML. {@code live N MS}: N calls, MS apart, each named in
 * its prompt ({@code live-call-1} ...), for watching them arrive. Usage: {@code ViewerScenarioApp <baseUrl> <scenario> ...}.
 */
public final class ViewerScenarioApp {
    public static final String[] HOSTILE = {
        "<script>window.__pwned = 'script'</script>Hello",
        "<img src=x onerror=\"window.__pwned = 'img'\"> look at this",
        "[click me](javascript:window.__pwned='md') and <a href=\"javascript:window.__pwned='a'\">this link</a>",
        "<svg onload=\"window.__pwned='svg'\"></svg><iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
    };

    private ViewerScenarioApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-viewer-test-0000000000000000").baseUrl(args[0])
                .maxRetries(0).build();
        try {
            switch (args[1]) {
                case "hostile" -> {
                    for (String prompt : HOSTILE) {
                        client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                                .addSystemMessage("<b>system</b> <style>body{display:none}</style>")
                                .addUserMessage(prompt).build());
                    }
                }
                case "live" -> {
                    int n = Integer.parseInt(args[2]);
                    long gap = Long.parseLong(args[3]);
                    for (int i = 1; i <= n; i++) {
                        client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                                .addUserMessage("live-call-" + i).build());
                        System.out.println("live-call-" + i);
                        Thread.sleep(gap);
                    }
                }
                default -> throw new IllegalArgumentException(args[1]);
            }
        } finally {
            client.close();
        }
    }
}
