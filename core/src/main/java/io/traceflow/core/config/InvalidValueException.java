package io.traceflow.core.config;

/** A setting's raw text could not be turned into a value; the message says what is allowed instead. */
public final class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String allowed) {
        super(allowed);
    }

    /** What the setting accepts, phrased to follow "allowed: ". */
    public String allowed() {
        return getMessage();
    }
}
