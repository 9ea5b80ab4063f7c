package io.traceflow.core.viewer;

/** A request the viewer refuses with an HTTP status and a one-line reason (400 unless told otherwise). */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequest(String message) {
        this(400, message);
    }

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
