package io.traceflow.instrumentation.openai.v4;

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

import java.util.ArrayList;
import java.util.List;

import io.traceflow.instrumentation.api.InstrumentationModule;

/**
 * The OpenAI Java SDK, 4.x ({@code com.openai:openai-java}). Every public overload of chat completions, the
 * Responses API and embeddings funnels into {@code create/createStreaming(Params, RequestOptions)} of the
 * service implementations, blocking and async, and of their {@code withRawResponse()} twins; those are hooked.
 * See shared/research/hook-points.md. Loaded by the agent loader: SDK types are named, never referenced.
 */
public final class OpenAiInstrumentation implements InstrumentationModule {
    static final String HANDLER = "io.traceflow.instrumentation.openai.v4.OpenAiCallHandler";

    /**
     * Where the SDK keeps every service implementation ({@code services.blocking.*}, {@code services.async.*}).
     * Checked by name before anything else: only types in it have their super types looked up, which reads
     * class files; the hundreds of model classes the SDK loads on a first call are passed over by name.
     */
    static final String SERVICES_PACKAGE = "com.openai.services.";

    private static final String[][] SERVICES = {
        // service interface (blocking/async, and the raw twin), params type
        {"com.openai.services.blocking.chat.ChatCompletionService", "com.openai.models.chat.completions.ChatCompletionCreateParams"},
        {"com.openai.services.async.chat.ChatCompletionServiceAsync", "com.openai.models.chat.completions.ChatCompletionCreateParams"},
        {"com.openai.services.blocking.ResponseService", "com.openai.models.responses.ResponseCreateParams"},
        {"com.openai.services.async.ResponseServiceAsync", "com.openai.models.responses.ResponseCreateParams"},
        {"com.openai.services.blocking.EmbeddingService", "com.openai.models.embeddings.EmbeddingCreateParams"},
        {"com.openai.services.async.EmbeddingServiceAsync", "com.openai.models.embeddings.EmbeddingCreateParams"},
    };

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String description() {
        return "the OpenAI Java SDK 4.x (com.openai:openai-java): chat completions, the Responses API, embeddings";
    }

    @Override
    public List<String> landmarkClasses() {
        // RequestOptions-taking service methods and StreamResponse: the 4.x API shape.
        return List.of("com.openai.core.ClientOptions", "com.openai.core.RequestOptions",
                "com.openai.core.http.StreamResponse", "com.openai.core.http.AsyncStreamResponse",
                "com.openai.core.http.HttpResponseFor");
    }

    @Override
    public List<String> typePrefixes() {
        return List.of(SERVICES_PACKAGE);
    }

    /** The SDK's hundreds of model classes: only its services are hooked. */
    @Override
    public List<String> ignoredPrefixes() {
        return List.of("com.openai.");
    }

    @Override
    public List<TypeHook> hooks() {
        List<TypeHook> hooks = new ArrayList<>();
        for (String[] service : SERVICES) {
            for (String iface : new String[] {service[0], service[0] + "$WithRawResponse"}) {
                hooks.add(new TypeHook(
                        nameStartsWith(SERVICES_PACKAGE).and(not(isInterface())).and(hasSuperType(named(iface))),
                        namedOneOf("create", "createStreaming").and(isPublic()).and(not(isAbstract()))
                                .and(takesArguments(2)).and(takesArgument(0, named(service[1])))
                                .and(takesArgument(1, named("com.openai.core.RequestOptions"))),
                        HANDLER));
            }
        }
        return hooks;
    }
}
