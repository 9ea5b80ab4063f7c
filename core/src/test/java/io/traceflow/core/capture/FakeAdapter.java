package io.traceflow.core.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.traceflow.core.format.Exchange;
import io.traceflow.core.format.Message;
import io.traceflow.core.format.NeutralJson;
import io.traceflow.core.format.Part;
import io.traceflow.core.format.Usage;

/**
 * A client library as small as can be: a request is a prompt ({@code String}), an answer a {@code String}, a stream's
 * chunks {@code String}s. An answer {@code "tools:a,b"} asks for tool calls a and b; a request
 * {@code "answers:a"} sends the result of a back.
 */
final class FakeAdapter implements LlmAdapter {
    static final String MODEL = "fake-model";

    /** The library's own failure with an HTTP status. */
    static final class HttpFailure extends RuntimeException {
        final int status;

        HttpFailure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    volatile boolean failReading;
    volatile boolean failReplaying;
    volatile boolean cacheable = true;

    @Override
    public String baseUrl(Object target) {
        return LlmCallTest.URL;
    }

    @Override
    public String library() {
        return "fake";
    }

    @Override
    public Exchange read(String operation, Object target, Object request, Object response, List<Object> chunks) {
        if (failReading) {
            throw new IllegalStateException("a library version this adapter does not know");
        }
        Exchange exchange = new Exchange();
        exchange.model = MODEL;
        exchange.requestJson = NeutralJson.toJson(Map.of("model", MODEL, "prompt", String.valueOf(request)));
        exchange.in(Message.text(Message.USER, String.valueOf(request)));
        exchange.parameter("temperature", 0.0);
        String answer = !chunks.isEmpty() ? String.join("", chunks.stream().map(String::valueOf).toList())
                : response instanceof String s ? s : null;
        if (answer != null) {
            exchange.responseJson = NeutralJson.toJson(Map.of("answer", answer));
            exchange.responseId = "fake-" + Math.abs(answer.hashCode());
            List<Part> parts = new ArrayList<>();
            Collection<String> asked = askedIn(answer);
            if (asked.isEmpty()) {
                parts.add(new Part.Text(answer));
            }
            asked.forEach(id -> parts.add(new Part.ToolCall(id, "get_weather", "{\"city\":\"Paris\"}")));
            exchange.finishReason = asked.isEmpty() ? "stop" : "tool_calls";
            exchange.out(new Message(Message.ASSISTANT, parts, null, asked.isEmpty() ? "stop" : "tool_call"));
            exchange.usage = new Usage(7L, 3L, 10L, null, null, null);
        }
        return exchange;
    }

    @Override
    public Integer httpStatus(Throwable error) {
        return error instanceof HttpFailure h ? h.status : null;
    }

    @Override
    public CacheRequest cacheRequest(String operation, Object target, Object request) {
        if (!cacheable) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", MODEL);
        json.put("prompt", String.valueOf(request));
        return new CacheRequest(null, NeutralJson.toJson(json), 0.0, MODEL, String.valueOf(request));
    }

    @Override
    public String answerJson(String operation, boolean streaming, Object answer) {
        return NeutralJson.toJson(answer);
    }

    @Override
    public Object replay(String operation, boolean streaming, Object kept, String json) {
        if (failReplaying) {
            throw new IllegalArgumentException("recorded by a version this adapter cannot read");
        }
        if (kept != null) {
            return kept;
        }
        Object parsed = NeutralJson.fromJson(json);
        return parsed instanceof List<?> list ? List.copyOf(list) : parsed;
    }

    @Override
    public Collection<String> toolCallIdsAsked(Object response, List<Object> chunks) {
        return response instanceof String s ? askedIn(s) : List.of();
    }

    @Override
    public Collection<String> toolCallIdsAnswered(Object request) {
        String r = String.valueOf(request);
        return r.startsWith("answers:") ? Arrays.asList(r.substring(8).split(",")) : List.of();
    }

    private static Collection<String> askedIn(String answer) {
        return answer.startsWith("tools:") ? Arrays.asList(answer.substring(6).split(",")) : List.of();
    }
}
