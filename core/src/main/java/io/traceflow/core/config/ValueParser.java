package io.traceflow.core.config;

/** Turns the raw text of a setting into a typed value, or says what would have been allowed. */
@FunctionalInterface
public interface ValueParser<T> {
    T parse(String raw) throws InvalidValueException;
}
