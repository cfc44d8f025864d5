package dev.ersatz.engine.chain;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k nearest neighbours of every clip over its feature vector, as a {@link NeighbourGraph} whose
 * similarities come from a {@link VectorSimilarity}. {@link #exact} compares every pair (O(n²·d)
 * time, O(n·k) memory); {@link #approximate} uses random-projection trees (Annoy's splits) and one
 * round of neighbour-of-neighbour refinement (NN-descent), O(n·(trees·leaf + k²)·d) time and
 * O(n·(trees + k)) memory. Control or worker thread; rows are computed in parallel, deterministically.
 */
public final class NeighbourSearch {
    private NeighbourSearch() { }

    /** Largest leaf of a projection tree. */
    private static final int LEAF = 48;

    /** Exact k nearest neighbours by Euclidean distance over {@code sim.vectors()}. */
    public static NeighbourGraph exact(VectorSimilarity sim, int k) {
        float[][] v = sim.vectors();
        int n = v.length;
        int kk = Math.min(k, n - 1);
        int[][] ids = new int[n][];
        float[][] sims = new float[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            TopK top = new TopK(kk);
            float[] vi = v[i];
            for (int j = 0; j < n; j++) {
                if (j != i) top.offer(j, VectorSimilarity.distanceSquared(vi, v[j]));
            }
            top.into(i, ids, sims, sim);
        });
        return new NeighbourGraph(ids, sims);
    }

    /**
     * Approximate k nearest neighbours: candidates are the clips sharing a leaf with it in any of
     * {@code trees} random-projection trees, then the neighbours of its neighbours.
     */
    public static NeighbourGraph approximate(VectorSimilarity sim, int k, int trees, long seed) {
        float[][] v = sim.vectors();
        int n = v.length;
        int kk = Math.min(k, n - 1);
        if (n <= 4 * LEAF) return exact(sim, k);
        // each tree: a permutation of the clips cut into leaves, and each clip's leaf bounds
        int[][] order = new int[trees][];
        int[][] leafStart = new int[trees][];
        int[][] leafEnd = new int[trees][];
        IntStream.range(0, trees).parallel().forEach(t -> {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = i;
            int[] ls = new int[n], le = new int[n];
            split(v, perm, 0, n, new SplittableRandom(seed * 1_000_003L + t), ls, le);
            order[t] = perm;
            leafStart[t] = ls;
            leafEnd[t] = le;
        });
        int[][] ids = new int[n][];
        float[][] sims = new float[n][];
        float[][] dists = new float[n][];
        ThreadLocal<int[]> stamps = ThreadLocal.withInitial(() -> new int[n]);
        IntStream.range(0, n).parallel().forEach(i -> {
            int[] stamp = stamps.get();
            int mark = i + 1;
            stamp[i] = mark;
            TopK top = new TopK(kk);
            for (int t = 0; t < trees; t++) {
                int[] perm = order[t];
                for (int q = leafStart[t][i]; q < leafEnd[t][i]; q++) {
                    int j = perm[q];
                    if (stamp[j] == mark) continue;
                    stamp[j] = mark;
                    top.offer(j, VectorSimilarity.distanceSquared(v[i], v[j]));
                }
            }
            top.into(i, ids, sims, sim);
            dists[i] = top.distances();
        });
        // one round of NN-descent: a neighbour of a neighbour is likely a neighbour
        int[][] refinedIds = new int[n][];
        float[][] refinedSims = new float[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            int[] stamp = stamps.get();
            int mark = -(i + 1);
            stamp[i] = mark;
            TopK top = new TopK(kk);
            for (int r = 0; r < ids[i].length; r++) {
                stamp[ids[i][r]] = mark;
                top.offer(ids[i][r], dists[i][r]);
            }
            for (int a : ids[i]) {
                for (int b : ids[a]) {
                    if (stamp[b] == mark) continue;
                    stamp[b] = mark;
                    top.offer(b, VectorSimilarity.distanceSquared(v[i], v[b]));
                }
            }
            top.into(i, refinedIds, refinedSims, sim);
        });
        return new NeighbourGraph(refinedIds, refinedSims);
    }

    /**
     * Splits perm[from..to) by the hyperplane halfway between two random members (as Annoy does)
     * until leaves hold at most {@link #LEAF}; records each member's leaf bounds.
     */
    private static void split(float[][] v, int[] perm, int from, int to, SplittableRandom rng, int[] ls, int[] le) {
        int[] stackFrom = new int[64], stackTo = new int[64];
        int sp = 0;
        stackFrom[sp] = from; stackTo[sp] = to; sp++;
        float[] proj = new float[perm.length];
        while (sp > 0) {
            sp--;
            int lo = stackFrom[sp], hi = stackTo[sp];
            if (hi - lo <= LEAF) {
                for (int q = lo; q < hi; q++) { ls[perm[q]] = lo; le[perm[q]] = hi; }
                continue;
            }
            float[] a = v[perm[lo + rng.nextInt(hi - lo)]];
            float[] b = v[perm[lo + rng.nextInt(hi - lo)]];
            int d = a.length;
            double offset = 0;
            float[] normal = new float[d];
            for (int j = 0; j < d; j++) {
                normal[j] = a[j] - b[j];
                offset += normal[j] * (a[j] + b[j]) * 0.5;
            }
            int mid = lo;
            for (int q = lo; q < hi; q++) {
                double x = -offset;
                float[] p = v[perm[q]];
                for (int j = 0; j < d; j++) x += normal[j] * p[j];
                proj[q] = (float) x;
            }
            // partition: negative side first; ties go by a coin so equal points still split
            int l = lo, r = hi - 1;
            while (l <= r) {
                boolean left = proj[l] < 0 || (proj[l] == 0 && rng.nextBoolean());
                if (left) { l++; } else {
                    int t = perm[l]; perm[l] = perm[r]; perm[r] = t;
                    float tp = proj[l]; proj[l] = proj[r]; proj[r] = tp;
                    r--;
                }
            }
            mid = l;
            if (mid - lo < LEAF / 4 || hi - mid < LEAF / 4) {
                // degenerate plane (duplicates, a bad pair): halve at random instead
                for (int q = hi - 1; q > lo; q--) {
                    int w = lo + rng.nextInt(q - lo + 1);
                    int t = perm[q]; perm[q] = perm[w]; perm[w] = t;
                }
                mid = (lo + hi) >>> 1;
            }
            if (sp + 2 > stackFrom.length) {
                stackFrom = java.util.Arrays.copyOf(stackFrom, sp * 2 + 2);
                stackTo = java.util.Arrays.copyOf(stackTo, sp * 2 + 2);
            }
            stackFrom[sp] = lo; stackTo[sp] = mid; sp++;
            stackFrom[sp] = mid; stackTo[sp] = hi; sp++;
        }
    }

    /** The k smallest distances seen, kept sorted (ties by id, so results are deterministic). */
    private static final class TopK {
        final int[] id;
        final float[] d;
        int size;

        TopK(int k) {
            id = new int[k];
            d = new float[k];
        }

        void offer(int j, double dist) {
            float x = (float) dist;
            int k = id.length;
            if (k == 0) return;
            if (size == k && (x > d[k - 1] || (x == d[k - 1] && j > id[k - 1]))) return;
            int q = size < k ? size++ : k - 1;
            while (q > 0 && (d[q - 1] > x || (d[q - 1] == x && id[q - 1] > j))) {
                d[q] = d[q - 1];
                id[q] = id[q - 1];
                q--;
            }
            d[q] = x;
            id[q] = j;
        }

        void into(int i, int[][] ids, float[][] sims, VectorSimilarity sim) {
            ids[i] = java.util.Arrays.copyOf(id, size);
            sims[i] = new float[size];
            for (int r = 0; r < size; r++) sims[i][r] = (float) sim.ofDistanceSquared(d[r]);
        }

        float[] distances() { return java.util.Arrays.copyOf(d, size); }
    }
}
