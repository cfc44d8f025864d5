package dev.ersatz.engine.chain;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An expensive similarity (fingerprint correlation at the best offset) remembered per pair, for
 * local search that asks about the same pairs again and again. Grows with the pairs asked, which
 * ordering keeps to O(n·k). Thread-safe.
 */
final class PairCache implements Similarity {
    private final Similarity exact;
    private final ConcurrentHashMap<Long, Float> seen = new ConcurrentHashMap<>();

    PairCache(Similarity exact) { this.exact = exact; }

    @Override
    public double between(int a, int b) {
        long key = a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
        Float v = seen.get(key);
        if (v == null) {
            v = (float) exact.between(a, b);
            seen.put(key, v);
        }
        return v;
    }
}
