package io.traceflow.core.util;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Row ids: 26 characters, time-ordered (48-bit epoch milliseconds, then 80 random bits, Crockford base32 like a
 * ULID). Sorting ids sorts by creation time, which keeps primary-key inserts append-only and lets the viewer page
 * by id. ThreadLocalRandom, not SecureRandom: ids are not secrets, and this runs on app threads.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Ids() {
    }

    public static String newId() {
        return newId(System.currentTimeMillis());
    }

    public static String newId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long hi = random.nextLong();
        long lo = random.nextLong();
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits: 16 characters of 5 bits.
        for (int i = 10; i < 26; i++) {
            long bits = i < 22 ? (hi >>> ((i - 10) * 5)) : (lo >>> ((i - 22) * 5));
            out[i] = ALPHABET[(int) (bits & 31)];
        }
        return new String(out);
    }
}
