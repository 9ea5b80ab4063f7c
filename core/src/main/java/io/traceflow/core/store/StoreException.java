package io.traceflow.core.store;

/**
 * The database cannot be used, with a message fit to show a user as one line: which file, what is wrong, and
 * what to do. Thrown by {@link TraceStore} when opening or migrating.
 */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
