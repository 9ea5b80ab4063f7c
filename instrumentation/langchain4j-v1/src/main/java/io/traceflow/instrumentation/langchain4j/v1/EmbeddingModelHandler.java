package io.traceflow.instrumentation.langchain4j.v1;

import io.traceflow.bootstrap.CallHandler;
import io.traceflow.bootstrap.CallScope;
import io.traceflow.core.capture.CacheDecision;
import io.traceflow.core.capture.LlmCall;
import io.traceflow.core.capture.LlmScopes;
import io.traceflow.schema.Operations;

/**
 * {@code EmbeddingModel.embedAll(List)} (1.0.x providers) and {@code doEmbed(EmbeddingRequest)} (later ones): one
 * step per outermost call on a model (its nesting key).
 */
public final class EmbeddingModelHandler implements CallHandler {
    public EmbeddingModelHandler(Class<?> type) {
    }

    @Override
    public CallScope enter(String method, Object self, Object[] args) {
        LangChainEmbeddingsAdapter adapter = method.equals("doEmbed") ? LangChainEmbeddingsAdapter.DO_EMBED
                : LangChainEmbeddingsAdapter.EMBED_ALL;
        LlmCall call = LlmCall.start(adapter, Operations.EMBEDDINGS, false, self, self, args[0]);
        if (call == null) {
            return null;
        }
        try {
            CacheDecision decision = call.consultCache();
            if (decision instanceof CacheDecision.Hit hit) {
                return LlmScopes.answered(call, hit.answer());
            }
            if (decision instanceof CacheDecision.ReplayMiss miss) {
                return LlmScopes.refused(call, miss.error(), false);
            }
            return LlmScopes.blocking(call);
        } catch (RuntimeException | LinkageError e) {
            call.abandon();
            throw e;
        }
    }
}
