package io.traceflow.it.contract;

import io.traceflow.it.apps.LangChain4jScenarioApp;

/**
 * LangChain4j (1.x; run on the newest and the oldest supported line) against every capability contract it has: its
 * chat models have no async (future) API.
 */
class LangChain4jContractIT extends LibraryContractIT implements ChatContract, StreamContract, ToolsContract,
        ErrorContract, NestingContract, CacheHitContract, ReplayMissContract {
    @Override
    protected Class<?> app() {
        return LangChain4jScenarioApp.class;
    }

    @Override
    public String provider() {
        return "langchain4j";
    }

    @Override
    protected String rootMethod() {
        return LangChain4jScenarioApp.ContractRoot.class.getName() + "#run";
    }
}
