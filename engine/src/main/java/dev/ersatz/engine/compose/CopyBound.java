package dev.ersatz.engine.compose;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bound on verbatim copying: for every run of K consecutive notes in the training phrases
 * (kept as a 64-bit polynomial hash), the notes that follow it there. A note the composer is about
 * to play is refused when it follows the K notes before it as in the training data, so no stretch
 * of the output longer than K notes appears in a training phrase. A hash collision can only refuse
 * a note that was allowed, never let a copy through. One lookup a note, not one per candidate.
 */
final class CopyBound {
    private static final long P = 0x9E3779B97F4A7C15L;
    private static final int[] NONE = {};
    private final int k;
    private final Map<Long, int[]> followers = new HashMap<>();

    /** @param k the longest verbatim run allowed, in notes (≥ 1) */
    CopyBound(int k, List<int[]> phrases) {
        if (k < 1) throw new IllegalArgumentException("max copy " + k);
        this.k = k;
        for (int[] p : phrases) {
            for (int s = 0; s + k < p.length; s++) {
                int next = p[s + k];
                followers.merge(hash(p, s, k), new int[] {next}, (a, b) -> {
                    for (int x : a) if (x == b[0]) return a;
                    int[] c = Arrays.copyOf(a, a.length + 1);
                    c[a.length] = b[0];
                    return c;
                });
            }
        }
    }

    int k() { return k; }

    private static long hash(int[] a, int from, int n) {
        long h = 0;
        for (int i = 0; i < n; i++) h = h * P + a[from + i] + 1;
        return h;
    }

    /**
     * The notes refused after {@code out[0..n)}: those that follow its last K notes somewhere in the
     * training data (none while fewer than K notes have been played). Read-only.
     */
    int[] refused(int[] out, int n) {
        if (n < k) return NONE;
        return followers.getOrDefault(hash(out, n - k, k), NONE);
    }
}
