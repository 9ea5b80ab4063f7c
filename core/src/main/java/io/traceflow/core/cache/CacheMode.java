package io.traceflow.core.cache;

import java.util.Locale;

/** {@code traceflow.cache}: what the response cache does before and after a call. */
public enum CacheMode {
    OFF, READ_WRITE, READ_ONLY, REPLAY;

    public static CacheMode of(String setting) {
        return valueOf(setting.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public boolean looksUp() {
        return this != OFF;
    }

    public boolean stores() {
        return this == READ_WRITE;
    }
}
