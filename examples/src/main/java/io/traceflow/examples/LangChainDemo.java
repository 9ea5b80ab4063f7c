package io.traceflow.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/**
 * The LangChain4j half of the demo: an AI Service with a tool and a chat memory (one trace per call: the service,
 * its model calls and the tool execution nested inside), and a streaming chat call. No TraceFlow code.
 */
final class LangChainDemo {
    interface TravelAssistant {
        @SystemMessage("You are a travel assistant. Use the tools for weather questions.")
        String chat(@MemoryId String traveller, @UserMessage String question);
    }

    static final class WeatherTools {
        @Tool("Current weather for a city")
        public String getWeather(String city) {
            return "Sunny, 24°C in " + city;
        }
    }

    private LangChainDemo() {
    }

    static void run(String baseUrl, String apiKey, String model, long paceMs) throws Exception {
        ChatModel chat = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName(model).temperature(0.2)
                .build();
        TravelAssistant assistant = AiServices.builder(TravelAssistant.class).chatModel(chat).tools(new WeatherTools())
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20)).build();
        System.out.println("ai service: " + assistant.chat("ada", "What is the weather in Paris?"));
        DemoApp.pause(paceMs);
        System.out.println("ai service: " + assistant.chat("ada", "And should I pack an umbrella?"));
        DemoApp.pause(paceMs);

        StreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(apiKey)
                .modelName(model).build();
        CompletableFuture<String> done = new CompletableFuture<>();
        StringBuilder tokens = new StringBuilder();
        streaming.chat("Write a haiku about tracing.", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                tokens.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response.aiMessage().text());
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        done.get(60, TimeUnit.SECONDS);
        System.out.println("streamed:  " + tokens);
    }
}
