package dev.ersatz.engine.chain;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * For each clip, its most similar other clips, best first, with their similarity: the sparse graph
 * the ordering works on, so that nothing is ever n × n beyond a few thousand clips.
 *
 * @param ids  ids[i] = neighbours of clip i, most similar first
 * @param sims sims[i][r] = similarity of clip i to ids[i][r]
 */
public record NeighbourGraph(int[][] ids, float[][] sims) {

    public int size() { return ids.length; }

    /**
     * Every pair (the dense case, for small n): each row holds all other clips, sorted. Calls
     * {@code s} n(n-1)/2 times, rows in parallel.
     */
    public static NeighbourGraph complete(int n, Similarity s) {
        return complete(matrix(n, s));
    }

    /** Every pair of a similarity matrix, each row sorted. */
    public static NeighbourGraph complete(float[][] m) {
        int n = m.length;
        int[][] ids = new int[n][];
        float[][] sims = new float[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            long[] keys = new long[n - 1];
            int k = 0;
            for (int j = 0; j < n; j++) if (j != i) keys[k++] = descendingKey(m[i][j], j);
            Arrays.sort(keys);
            ids[i] = new int[n - 1];
            sims[i] = new float[n - 1];
            for (int r = 0; r < n - 1; r++) {
                ids[i][r] = (int) keys[r];
                sims[i][r] = m[i][ids[i][r]];
            }
        });
        return new NeighbourGraph(ids, sims);
    }

    /** The full symmetric matrix of {@code s} (diagonal 1), upper triangle computed in parallel. */
    public static float[][] matrix(int n, Similarity s) {
        float[][] m = new float[n][n];
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = i + 1; j < n; j++) m[i][j] = (float) s.between(i, j);
        });
        for (int i = 0; i < n; i++) {
            m[i][i] = 1f;
            for (int j = 0; j < i; j++) m[i][j] = m[j][i];
        }
        return m;
    }

    /**
     * Re-scores shortlisted candidates with the exact measure and keeps the best {@code k}: the
     * cheap vector search finds candidates, the exact (slow) measure decides among them.
     */
    public NeighbourGraph rescored(Similarity exact, int k) {
        int n = size();
        int[][] outIds = new int[n][];
        float[][] outSims = new float[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            int[] cand = ids[i];
            float[] s = new float[cand.length];
            for (int r = 0; r < cand.length; r++) s[r] = (float) exact.between(i, cand[r]);
            long[] keys = new long[cand.length];
            for (int r = 0; r < cand.length; r++) keys[r] = descendingKey(s[r], r);
            Arrays.sort(keys);
            int m = Math.min(k, cand.length);
            outIds[i] = new int[m];
            outSims[i] = new float[m];
            for (int r = 0; r < m; r++) {
                int at = (int) keys[r];
                outIds[i][r] = cand[at];
                outSims[i][r] = s[at];
            }
        });
        return new NeighbourGraph(outIds, outSims);
    }

    /**
     * A long that sorts ascending as (similarity descending, then {@code index} ascending): the one
     * deterministic tie-break every sort in chaining uses. Similarities below 0 or NaN count as 0.
     */
    static long descendingKey(float sim, int index) {
        float v = sim > 0 ? sim : 0f; // also maps NaN to 0
        long bits = Float.floatToIntBits(v); // monotone for non-negative floats
        return ((0x7FFFFFFFL - bits) << 32) | (index & 0xFFFFFFFFL);
    }
}
