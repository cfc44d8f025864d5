package dev.ersatz.engine.compose;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bound on verbatim copying: every run of K+1 consecutive notes of the training phrases, kept
 * as a 64-bit polynomial hash. A note the composer is about to play is refused when it and the K
 * notes before it are such a run, so no stretch of the output longer than K notes appears in the
 * training data. A hash collision can only refuse a note that was allowed, never let a copy through.
 */
final class CopyBound {
    private static final long P = 0x9E3779B97F4A7C15L;
    private final int k;
    private final Set<Long> runs = new HashSet<>();

    /** @param k the longest verbatim run allowed, in notes (≥ 1) */
    CopyBound(int k, List<int[]> phrases) {
        if (k < 1) throw new IllegalArgumentException("max copy " + k);
        this.k = k;
        for (int[] p : phrases) {
            for (int s = 0; s + k < p.length; s++) runs.add(hash(p, s, k + 1));
        }
    }

    int k() { return k; }

    private static long hash(int[] a, int from, int n) {
        long h = 0;
        for (int i = 0; i < n; i++) h = h * P + a[from + i] + 1;
        return h;
    }

    /** The hash of the last K notes of {@code out[0..n)}, to be extended by {@link #refuses}; 0 when n < K. */
    long prefix(int[] out, int n) { return n < k ? 0 : hash(out, n - k, k); }

    /** Whether the note {@code id} after the prefix would make a run of K+1 notes from the training data. */
    boolean refuses(long prefix, int n, int id) {
        return n >= k && runs.contains(prefix * P + id + 1);
    }
}
