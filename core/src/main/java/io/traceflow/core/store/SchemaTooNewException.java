package io.traceflow.core.store;

/** The file was written by a newer TraceFlow; it is refused untouched rather than misread or "migrated" back. */
public final class SchemaTooNewException extends StoreException {
    private static final long serialVersionUID = 1L;

    public SchemaTooNewException(String file, int found, int known) {
        super(file + " has TraceFlow schema version " + found + ", newer than this TraceFlow understands (up to "
                + known + "). Use a newer TraceFlow or another file; the file was not modified.");
    }
}
