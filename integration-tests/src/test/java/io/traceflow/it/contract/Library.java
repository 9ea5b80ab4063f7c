package io.traceflow.it.contract;

/** What the contract interfaces need from the library under test. */
public interface Library {
    /** {@code steps.provider} of the library's steps. */
    String provider();

    /** The two runs of the library's scenario app. */
    Recording recording();

    /** The model the scenario app asks for. */
    default String model() {
        return "gpt-4o-mini";
    }

    /** What the fake answers to a prompt (the fake OpenAI server: {@code Echo: prompt}). */
    default String answerTo(String prompt) {
        return "Echo: " + prompt;
    }
}
