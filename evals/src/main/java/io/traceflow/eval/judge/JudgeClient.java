package io.traceflow.eval.judge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Asks the judge model through an OpenAI-compatible Chat Completions endpoint and reads its JSON verdict. Uses the
 * JDK's {@link HttpClient}, which TraceFlow does not instrument: a judgement is never recorded as a step of the
 * application. Thread-safe.
 */
public final class JudgeClient {
    /** Appears in every judge system prompt; the test server recognizes judge requests by it. */
    public static final String MARKER = "traceflow-judge";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JudgeSettings settings;
    /** Created on the first judgement: a client has a thread of its own, and prototypes never judge. */
    private volatile HttpClient http;

    public JudgeClient(JudgeSettings settings) {
        this.settings = settings;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofMillis(Math.min(settings.timeoutMs(), 10_000)))
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                    http = client;
                }
            }
        }
        return client;
    }

    /** The judge call failed or its answer could not be read; the message is fit for {@code evals.detail}. */
    public static final class JudgeException extends Exception {
        private static final long serialVersionUID = 1L;

        public JudgeException(String message) {
            super(message);
        }
    }

    public Judgement judge(String systemPrompt, String userPrompt)
            throws JudgeException, IOException, InterruptedException {
        String requestJson = requestJson(systemPrompt, userPrompt);
        String cached = settings.cache().lookup(settings.url(), requestJson);
        if (cached != null) {
            try {
                return parse(cached, true);
            } catch (JudgeException e) {
                // a bad entry is not fatal: ask again
            }
        }
        if (settings.apiKey().isEmpty() && settings.url().contains("api.openai.com")) {
            throw new JudgeException("no judge API key: set traceflow.judge.api.key (or OPENAI_API_KEY)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint()))
                .timeout(Duration.ofMillis(settings.timeoutMs()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestJson, StandardCharsets.UTF_8));
        if (!settings.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        long start = System.nanoTime();
        HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        double latencyMs = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new JudgeException("the judge answered HTTP " + response.statusCode() + errorMessage(response.body()));
        }
        Judgement judgement = parse(response.body(), false);
        settings.cache().store(settings.url(), requestJson, response.body(), latencyMs);
        return judgement;
    }

    String endpoint() {
        String base = settings.url().trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.endsWith("/chat/completions") ? base : base + "/chat/completions";
    }

    String requestJson(String systemPrompt, String userPrompt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("temperature", 0);
        body.putObject("response_format").put("type", "json_object");
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", systemPrompt);
        messages.addObject().put("role", "user").put("content", userPrompt);
        return body.toString();
    }

    static Judgement parse(String responseBody, boolean cached) throws JudgeException {
        JsonNode response;
        try {
            response = JSON.readTree(responseBody);
        } catch (IOException e) {
            throw new JudgeException("the judge's response is not JSON");
        }
        JsonNode content = response.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new JudgeException("the judge's response has no message content");
        }
        String text = content.asText();
        int open = text.indexOf('{');
        int close = text.lastIndexOf('}');
        JsonNode verdict = null;
        if (open >= 0 && close > open) {
            try {
                verdict = JSON.readTree(text.substring(open, close + 1));
            } catch (IOException e) {
                verdict = null;
            }
        }
        if (verdict == null || !verdict.isObject()) {
            throw new JudgeException("the judge did not answer with a JSON verdict: " + shorten(text));
        }
        JsonNode score = verdict.get("score");
        double value;
        if (score != null && score.isNumber()) {
            value = score.asDouble();
        } else if (score != null && score.isTextual()) {
            try {
                value = Double.parseDouble(score.asText().trim());
            } catch (NumberFormatException e) {
                throw new JudgeException("the judge's score is not a number: " + shorten(score.asText()));
            }
        } else {
            throw new JudgeException("the judge's verdict has no score: " + shorten(text));
        }
        if (!(value >= 0 && value <= 1)) {
            throw new JudgeException("the judge's score " + value + " is outside 0..1");
        }
        String reason = verdict.path("reason").asText("");
        return new Judgement(value, reason, cached);
    }

    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            return message.isTextual() ? ": " + shorten(message.asText()) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
