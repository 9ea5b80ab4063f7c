package io.traceflow.it.contract;

/** What the contract interfaces need from the library under test. */
public interface Library {
    /** {@code steps.provider} of the library's steps. */
    String provider();

    /** The two runs of the library's scenario app. */
    Recording recording();
}
