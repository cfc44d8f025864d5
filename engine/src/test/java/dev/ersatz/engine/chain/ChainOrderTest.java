package dev.ersatz.engine.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChainOrderTest {

    /** Families of points around random centres, shuffled: clips of a few kinds mixed together. */
    static float[][] families(int n, int families, int dims, double spread, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[families][dims];
        for (float[] c : centres) for (int j = 0; j < dims; j++) c[j] = (float) r.nextGaussian();
        float[][] v = new float[n][dims];
        for (int i = 0; i < n; i++) {
            float[] c = centres[r.nextInt(families)];
            for (int j = 0; j < dims; j++) v[i][j] = (float) (c[j] + spread * r.nextGaussian());
        }
        return v;
    }

    static boolean isPermutation(int[] order, int n) {
        if (order.length != n) return false;
        boolean[] seen = new boolean[n];
        for (int x : order) {
            if (x < 0 || x >= n || seen[x]) return false;
            seen[x] = true;
        }
        return true;
    }

    @Test
    void bestIsOptimalOnSmallSetsFoundByExhaustiveSearch() {
        for (long seed = 1; seed <= 20; seed++) {
            int n = 8;
            Random r = new Random(seed);
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[i][j] = m[j][i] = r.nextDouble();
            Similarity s = (a, b) -> m[a][b];
            int[] best = ChainOrder.best(NeighbourGraph.complete(n, s), s);
            assertTrue(isPermutation(best, n));
            double optimum = exhaustive(m);
            double got = ChainOrder.meanAdjacent(best, s) * (n - 1);
            // a heuristic, but on 8 clips greedy + 2-opt + Or-opt should land within 3 % of the optimum
            assertTrue(got >= 0.97 * optimum, "seed " + seed + ": " + got + " vs optimum " + optimum);
        }
    }

    private static double exhaustive(double[][] m) {
        int n = m.length;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        double best = 0;
        do {
            double t = 0;
            for (int i = 1; i < n; i++) t += m[p[i - 1]][p[i]];
            best = Math.max(best, t);
        } while (nextPermutation(p));
        return best;
    }

    private static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) i--;
        if (i < 0) return false;
        int j = a.length - 1;
        while (a[j] <= a[i]) j--;
        int t = a[i]; a[i] = a[j]; a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) { t = a[l]; a[l] = a[r]; a[r] = t; }
        return true;
    }

    @Test
    void bestBeatsTheNaivePairSortOnShuffledFamilies() {
        VectorSimilarity s = VectorSimilarity.standardised(families(300, 12, 16, 0.3, 7));
        NeighbourGraph g = NeighbourGraph.complete(300, s);
        int[] best = ChainOrder.best(g, s);
        int[] naive = ChainOrder.naivePairSort(g);
        assertTrue(isPermutation(best, 300));
        assertTrue(isPermutation(naive, 300));
        double ours = ChainOrder.meanAdjacent(best, s), theirs = ChainOrder.meanAdjacent(naive, s);
        assertTrue(ours > theirs + 0.05, "ours " + ours + " naive " + theirs);
    }

    @Test
    void naivePairSortConcatenatesTheBestDisjointPairs() {
        // 0-1 is the best pair, then 2-3; 1-2 is decent but only the pairs are chosen
        double[][] m = {
            {0, .9, .1, .1},
            {.9, 0, .5, .1},
            {.1, .5, 0, .8},
            {.1, .1, .8, 0}};
        Similarity s = (a, b) -> m[a][b];
        assertArrayEquals(new int[] {0, 1, 2, 3}, ChainOrder.naivePairSort(NeighbourGraph.complete(4, s)));
        m[1][2] = m[2][1] = 0.05;
        m[0][3] = m[3][0] = 0.6;
        // still pairs (0,1),(2,3) concatenated, although 1→0→3→2 would join better
        int[] naive = ChainOrder.naivePairSort(NeighbourGraph.complete(4, s));
        assertArrayEquals(new int[] {0, 1, 2, 3}, naive);
        int[] best = ChainOrder.best(NeighbourGraph.complete(4, s), s);
        assertEquals(0.9 + 0.6 + 0.8, ChainOrder.meanAdjacent(best, s) * 3, 1e-9);
    }

    @Test
    void sparseGraphOrderIsAPermutationAndCloseToDense() {
        VectorSimilarity s = VectorSimilarity.standardised(families(2000, 40, 24, 0.25, 3));
        int[] dense = ChainOrder.best(NeighbourGraph.complete(2000, s), s);
        int[] exact = ChainOrder.best(NeighbourSearch.exact(s, 12), s);
        int[] approx = ChainOrder.best(NeighbourSearch.approximate(s, 12, 6, 1), s);
        assertTrue(isPermutation(exact, 2000));
        assertTrue(isPermutation(approx, 2000));
        double d = ChainOrder.meanAdjacent(dense, s);
        assertTrue(ChainOrder.meanAdjacent(exact, s) > 0.97 * d);
        assertTrue(ChainOrder.meanAdjacent(approx, s) > 0.95 * d);
    }

    @Test
    void anExpensiveMeasureIsCalledOnlyForTheShortlistAndTheJoins() {
        int n = 3000;
        float[][] truth = families(n, 60, 16, 0.3, 21);
        VectorSimilarity exactVectors = VectorSimilarity.standardised(truth);
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        Similarity expensive = (a, b) -> {
            calls.incrementAndGet();
            return exactVectors.between(a, b);
        };
        // the summary: the same points blurred, standing in for per-bit fingerprint frequencies
        float[][] blurred = new float[n][];
        Random r = new Random(1);
        for (int i = 0; i < n; i++) {
            blurred[i] = truth[i].clone();
            for (int j = 0; j < blurred[i].length; j++) blurred[i][j] += (float) (0.2 * r.nextGaussian());
        }
        ChainGraphs.Prepared p = ChainGraphs.build(n, expensive, VectorSimilarity.standardised(blurred), 1);
        int[] order = ChainOrder.best(p.graph(), p.ordering());
        double ours = ChainOrder.meanAdjacent(order, p.exact());
        double naive = ChainOrder.meanAdjacent(ChainOrder.naivePairSort(p.graph()), p.exact());
        assertTrue(isPermutation(order, n));
        assertTrue(calls.get() <= (long) n * ChainGraphs.SHORTLIST + 2L * n, "calls " + calls.get());
        assertTrue(ours > naive + 0.05, "ours " + ours + " naive " + naive);
        double dense = ChainOrder.meanAdjacent(ChainOrder.best(NeighbourSearch.exact(exactVectors, 12), exactVectors), exactVectors);
        assertTrue(ours > 0.95 * dense, "ours " + ours + " vs ordering on exact neighbours " + dense);
    }

    @Test
    void approximateNeighboursFindMostTrueNeighbours() {
        VectorSimilarity s = VectorSimilarity.standardised(families(5000, 100, 16, 0.4, 11));
        NeighbourGraph exact = NeighbourSearch.exact(s, 10);
        NeighbourGraph approx = NeighbourSearch.approximate(s, 10, 6, 5);
        long hit = 0, total = 0;
        for (int i = 0; i < 5000; i++) {
            int[] e = exact.ids()[i];
            int[] a = approx.ids()[i].clone();
            Arrays.sort(a);
            for (int x : e) if (Arrays.binarySearch(a, x) >= 0) hit++;
            total += e.length;
        }
        assertTrue(hit > 0.9 * total, "recall " + hit / (double) total);
        assertArrayEquals(NeighbourSearch.approximate(s, 10, 6, 5).ids()[17], approx.ids()[17]);
    }

    @Test
    void walkIsReproducibleBySeedAndTemperatureSharpens() {
        VectorSimilarity s = VectorSimilarity.standardised(families(200, 8, 8, 0.3, 5));
        NeighbourGraph g = NeighbourGraph.complete(200, s);
        int[] a = ChainOrder.walk(g, s, 0.05, 42);
        int[] b = ChainOrder.walk(g, s, 0.05, 42);
        int[] c = ChainOrder.walk(g, s, 0.05, 43);
        assertTrue(isPermutation(a, 200));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        // a cold walk stays near the best order's cohesion, a hot one drifts towards random
        double cold = ChainOrder.meanAdjacent(a, s);
        double hot = ChainOrder.meanAdjacent(ChainOrder.walk(g, s, 50, 42), s);
        assertTrue(cold > hot + 0.1, "cold " + cold + " hot " + hot);
        assertArrayEquals(ChainOrder.best(g, s), ChainOrder.best(g, s));
    }
}
