package io.traceflow.viewer;

/**
 * A request the viewer refuses with an HTTP status and a one-line reason (400 unless told otherwise). An
 * IllegalArgumentException, so the CLI prints it as its one error line.
 */
final class BadRequest extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequest(String message) {
        this(400, message);
    }

    BadRequest(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
