package dev.ersatz.engine.chain;

import java.util.Arrays;

/**
 * Similarity read off a neighbour graph: the listed value for a pair either clip lists, else a
 * floor (the least similarity anywhere in the graph). Ordering with it never calls an expensive
 * measure: pairs that nobody shortlisted are treated as unlike, which is what the shortlist
 * says they are. The chain is then judged with the exact measure on its n - 1 joins only.
 * Thread-safe (read-only after construction).
 */
final class GraphSimilarity implements Similarity {
    private final int[][] sortedIds;
    private final float[][] sortedSims;
    private final float floor;

    GraphSimilarity(NeighbourGraph g) {
        int n = g.size();
        sortedIds = new int[n][];
        sortedSims = new float[n][];
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int[] ids = g.ids()[i];
            float[] sims = g.sims()[i];
            long[] keys = new long[ids.length];
            for (int r = 0; r < ids.length; r++) keys[r] = ((long) ids[r] << 32) | r;
            Arrays.sort(keys);
            sortedIds[i] = new int[ids.length];
            sortedSims[i] = new float[ids.length];
            for (int r = 0; r < ids.length; r++) {
                sortedIds[i][r] = (int) (keys[r] >>> 32);
                sortedSims[i][r] = sims[(int) keys[r]];
                min = Math.min(min, sims[r]);
            }
        }
        floor = Float.isFinite(min) ? min : 0f;
    }

    @Override
    public double between(int a, int b) {
        int r = Arrays.binarySearch(sortedIds[a], b);
        if (r >= 0) return sortedSims[a][r];
        r = Arrays.binarySearch(sortedIds[b], a);
        if (r >= 0) return sortedSims[b][r];
        return floor;
    }
}
