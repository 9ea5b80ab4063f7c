package io.traceflow.it.contract;

import io.traceflow.it.apps.OpenAiScenarioApp;

/** The OpenAI Java SDK (4.x) against every capability contract. */
class OpenAiContractIT extends LibraryContractIT implements ChatContract, StreamContract, AsyncContract, ToolsContract,
        ErrorContract, NestingContract, CacheHitContract, ReplayMissContract {
    @Override
    protected Class<?> app() {
        return OpenAiScenarioApp.class;
    }

    @Override
    public String provider() {
        return "openai";
    }

    @Override
    protected String rootMethod() {
        return OpenAiScenarioApp.class.getName() + "#contractRoot";
    }
}
