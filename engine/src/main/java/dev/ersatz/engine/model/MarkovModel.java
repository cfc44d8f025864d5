package dev.ersatz.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A variable-order Markov model over token sequences: counts of every context up to {@code order}
 * tokens, blended from order 0 upwards with Witten-Bell interpolation (PPM-style backoff: a
 * context with few distinct followers trusts itself, one with many leans on the shorter context).
 * Built once on a control thread; {@link #distribution} allocates nothing, so a generator worker
 * can call it in its hot loop.
 */
public final class MarkovModel {
    private final int tokens;
    private final int order;
    private final double[] unigram;
    // Contexts in compressed rows: followers of context i are syms/counts[rowStart[i] .. rowStart[i+1]).
    private final long[] tableKeys;   // open addressing, key 0 = empty (keys always have a non-zero order tag)
    private final int[] tableRows;
    private final int[] rowStart;
    private final int[] rowTotal;
    private final int[] syms;
    private final int[] counts;

    public MarkovModel(int tokens, int order, List<int[]> sequences) {
        if (tokens < 1) throw new IllegalArgumentException("tokens " + tokens);
        if (order < 0 || order * bits(tokens) > 56) throw new IllegalArgumentException("order " + order + " too high for " + tokens + " tokens");
        this.tokens = tokens;
        this.order = order;
        long[] uni = new long[tokens];
        Map<Long, TreeMap<Integer, Integer>> ctx = new HashMap<>();
        for (int[] seq : sequences) {
            for (int t = 0; t < seq.length; t++) {
                uni[seq[t]]++;
                for (int n = 1; n <= order && n <= t; n++) {
                    long key = key(seq, t - n, n);
                    ctx.computeIfAbsent(key, k -> new TreeMap<>()).merge(seq[t], 1, Integer::sum);
                }
            }
        }
        long total = 0;
        for (long u : uni) total += u;
        unigram = new double[tokens];
        for (int i = 0; i < tokens; i++) unigram[i] = total == 0 ? 1.0 / tokens : uni[i] / (double) total;

        List<Long> keys = new ArrayList<>(ctx.keySet());
        keys.sort(null); // deterministic layout
        int cap = Integer.highestOneBit(Math.max(4, keys.size() * 2 + 1)) << 1;
        tableKeys = new long[cap];
        tableRows = new int[cap];
        rowStart = new int[keys.size() + 1];
        rowTotal = new int[keys.size()];
        int nnz = 0;
        for (TreeMap<Integer, Integer> m : ctx.values()) nnz += m.size();
        syms = new int[nnz];
        counts = new int[nnz];
        int at = 0;
        for (int r = 0; r < keys.size(); r++) {
            long k = keys.get(r);
            rowStart[r] = at;
            for (Map.Entry<Integer, Integer> e : ctx.get(k).entrySet()) {
                syms[at] = e.getKey();
                counts[at] = e.getValue();
                rowTotal[r] += e.getValue();
                at++;
            }
            int slot = slot(k);
            tableKeys[slot] = k;
            tableRows[slot] = r;
        }
        rowStart[keys.size()] = at;
    }

    public int tokens() { return tokens; }

    public int order() { return order; }

    /** How many contexts (of every order ≥ 1) were seen. */
    public int contexts() { return rowTotal.length; }

    /**
     * The next-token distribution after {@code history[0..length)} (most recent last), into {@code out}
     * (length ≥ tokens). Uses up to {@link #order} of the latest tokens. Allocates nothing.
     */
    public void distribution(int[] history, int length, double[] out) {
        System.arraycopy(unigram, 0, out, 0, tokens);
        for (int n = 1; n <= order && n <= length; n++) {
            long k = key(history, length - n, n);
            int row = find(k);
            if (row < 0) break; // a longer context than any seen cannot be seen either
            int from = rowStart[row], to = rowStart[row + 1];
            double types = to - from;
            double norm = rowTotal[row] + types;
            double backoff = types / norm;
            for (int i = 0; i < tokens; i++) out[i] *= backoff;
            for (int j = from; j < to; j++) out[syms[j]] += counts[j] / norm;
        }
    }

    private long key(int[] seq, int from, int n) {
        long k = n; // the order tag keeps contexts of different lengths apart and keys non-zero
        for (int i = 0; i < n; i++) k = (k << bits(tokens)) | seq[from + i];
        return k;
    }

    private static int bits(int tokens) { return 32 - Integer.numberOfLeadingZeros(Math.max(1, tokens - 1)); }

    private int slot(long k) {
        int mask = tableKeys.length - 1;
        int i = (int) (mix(k) & mask);
        while (tableKeys[i] != 0 && tableKeys[i] != k) i = (i + 1) & mask;
        return i;
    }

    private int find(long k) {
        int i = slot(k);
        return tableKeys[i] == k ? tableRows[i] : -1;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
