package io.traceflow.instrumentation.langchain4j.v1;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import io.traceflow.instrumentation.api.InstrumentationModule;

/**
 * LangChain4j 1.x (tested on 1.0.x and 1.19.x). Hooks are matched by type, so every implementation is traced,
 * a user's own {@code ChatModel} included:
 * <ul>
 *   <li>{@code ChatModel} implementations: {@code chat(ChatRequest)} overrides and {@code doChat(ChatRequest)} (the
 *       provider call, which sees the request merged with the model's defaults);</li>
 *   <li>{@code StreamingChatModel} implementations: the same, with the response handler wrapped;</li>
 *   <li>{@code EmbeddingModel} implementations: {@code embedAll(List)} (1.0) and {@code doEmbed(EmbeddingRequest)};</li>
 *   <li>the AI Service proxy's {@code InvocationHandler.invoke}: one trace per AI Service method call;</li>
 *   <li>{@code ToolExecutor} implementations: each tool execution is a step.</li>
 * </ul>
 * Names only: this class is loaded by the agent loader, which cannot see LangChain4j.
 */
public final class LangChain4jInstrumentation implements InstrumentationModule {
    private static final String PACKAGE = "io.traceflow.instrumentation.langchain4j.v1.";
    private static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";

    @Override
    public String name() {
        return "langchain4j";
    }

    @Override
    public String description() {
        return "LangChain4j 1.x: every ChatModel, StreamingChatModel and EmbeddingModel, AI Services as traces, tools";
    }

    @Override
    public List<String> landmarkClasses() {
        // ChatModel/ChatRequest are the 1.x API (0.x had ChatLanguageModel).
        return List.of("dev.langchain4j.model.chat.ChatModel", CHAT_REQUEST,
                "dev.langchain4j.model.chat.response.StreamingChatResponseHandler");
    }

    /**
     * Hooks match implementations in any package (a user's own {@code ChatModel}), so only classes already loaded
     * at install time are filtered by this: the library's own. App classes load after premain anyway.
     */
    @Override
    public List<String> typePrefixes() {
        return List.of("dev.langchain4j.");
    }

    @Override
    public List<TypeHook> hooks() {
        return List.of(
                new TypeHook(implementationOf("dev.langchain4j.model.chat.ChatModel"),
                        namedOneOf("chat", "doChat").and(isPublic()).and(not(isAbstract())).and(takesArguments(1))
                                .and(takesArgument(0, named(CHAT_REQUEST))),
                        PACKAGE + "ChatModelHandler"),
                new TypeHook(implementationOf("dev.langchain4j.model.chat.StreamingChatModel"),
                        namedOneOf("chat", "doChat").and(isPublic()).and(not(isAbstract())).and(takesArguments(2))
                                .and(takesArgument(0, named(CHAT_REQUEST)))
                                .and(takesArgument(1, named("dev.langchain4j.model.chat.response.StreamingChatResponseHandler"))),
                        PACKAGE + "StreamingChatModelHandler", true),
                new TypeHook(implementationOf("dev.langchain4j.model.embedding.EmbeddingModel"),
                        namedOneOf("embedAll", "doEmbed", "embed").and(isPublic()).and(not(isAbstract()))
                                .and(takesArguments(1))
                                .and(takesArgument(0, named("java.util.List"))
                                        .or(takesArgument(0, named("dev.langchain4j.model.embedding.request.EmbeddingRequest")))),
                        PACKAGE + "EmbeddingModelHandler"),
                new TypeHook(nameStartsWith("dev.langchain4j.service.").and(not(isInterface()))
                                .and(hasSuperType(named("java.lang.reflect.InvocationHandler"))),
                        named("invoke").and(takesArguments(3)).and(takesArgument(1, named("java.lang.reflect.Method"))),
                        PACKAGE + "AiServiceHandler"),
                new TypeHook(implementationOf("dev.langchain4j.service.tool.ToolExecutor"),
                        namedOneOf("execute", "executeWithContext").and(isPublic()).and(not(isAbstract()))
                                .and(takesArguments(2))
                                .and(takesArgument(0, named("dev.langchain4j.agent.tool.ToolExecutionRequest"))),
                        PACKAGE + "ToolExecutorHandler"),
                new TypeHook(implementationOf("dev.langchain4j.service.TokenStream"),
                        named("start").and(takesArguments(0)).and(not(isAbstract())),
                        PACKAGE + "TokenStreamHandler"));
    }

    private static net.bytebuddy.matcher.ElementMatcher.Junction<net.bytebuddy.description.type.TypeDescription>
            implementationOf(String interfaceName) {
        return not(isInterface()).and(hasSuperType(named(interfaceName)));
    }
}
