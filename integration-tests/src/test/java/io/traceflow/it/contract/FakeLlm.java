package io.traceflow.it.contract;

import io.traceflow.fake.FakeOpenAiServer;

/**
 * A library's fake endpoint on 127.0.0.1 for the contract runs: where to send requests, and how many arrived (a
 * replay must make none). A library with a wire protocol of its own brings its fake; those that speak OpenAI's use
 * {@link #openAi()}.
 */
public interface FakeLlm extends AutoCloseable {
    String baseUrl();

    /** Requests received so far. */
    int requests();

    @Override
    void close();

    /** The fake OpenAI-compatible server ({@code fake-openai}): answers "Echo: " and the last user text. */
    static FakeLlm openAi() throws java.io.IOException {
        FakeOpenAiServer server = FakeOpenAiServer.start();
        return new FakeLlm() {
            @Override
            public String baseUrl() {
                return server.baseUrl();
            }

            @Override
            public int requests() {
                return server.requests().size();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
