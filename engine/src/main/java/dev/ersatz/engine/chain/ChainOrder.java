package dev.ersatz.engine.chain;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Orders clips into one chain. {@link #best} looks for the order with the largest sum of adjacent
 * similarities (a maximum-weight Hamiltonian path): greedy edge matching over the neighbour graph,
 * fragments joined end to end, then 2-opt and Or-opt moves. {@link #walk} is the temperature
 * version, {@link #naivePairSort} the seed workflow's baseline. Control or worker thread; every
 * result is a pure function of its inputs (budgets count moves, never time).
 */
public final class ChainOrder {
    private ChainOrder() { }

    /** How many remaining fragments the join step scans per join, beyond the tail's neighbour list. */
    private static final int JOIN_SCAN = 1000;

    /** Neighbours per clip the improvement step tries (the graph may hold more). */
    private static final int IMPROVE_NEIGHBOURS = 10;

    /** Improvement budget: node visits per clip (the first sweep is one visit per clip). */
    private static final int VISITS_PER_CLIP = 8;

    /** The mean similarity of adjacent clips in {@code order} (0 for fewer than two clips). */
    public static double meanAdjacent(int[] order, Similarity s) {
        if (order.length < 2) return 0;
        double sum = 0;
        for (int i = 1; i < order.length; i++) sum += s.between(order[i - 1], order[i]);
        return sum / (order.length - 1);
    }

    /**
     * The seed workflow, exactly: rank every candidate pair by similarity, take the top pair, then
     * the next best pair of two unused clips, and so on, concatenating pair after pair; clips left
     * unpaired follow in input order. Inside a pair the two clips keep the order (lower id, higher id).
     * Every other join is between two pairs that nothing chose, which is why it loses.
     */
    public static int[] naivePairSort(NeighbourGraph g) {
        int n = g.size();
        long[] keys = edgeKeys(g);
        int[][] edge = edgeEnds(g);
        boolean[] used = new boolean[n];
        int[] order = new int[n];
        int k = 0;
        for (long key : keys) {
            int e = (int) key;
            int a = edge[0][e], b = edge[1][e];
            if (used[a] || used[b]) continue;
            used[a] = used[b] = true;
            order[k++] = Math.min(a, b);
            order[k++] = Math.max(a, b);
        }
        for (int i = 0; i < n; i++) if (!used[i]) order[k++] = i;
        return order;
    }

    /**
     * The best deterministic order (temperature 0): the greedy-matching path and nearest-neighbour
     * paths from a few evenly spaced starts (more for small sets), each improved by local search;
     * the best of them wins (the first on a tie).
     */
    public static int[] best(NeighbourGraph g, Similarity s) {
        int n = g.size();
        if (n <= 2) {
            int[] o = new int[n];
            for (int i = 0; i < n; i++) o[i] = i;
            return o;
        }
        int starts = n <= 1000 ? 12 : n <= 20_000 ? 2 : 0;
        int[] best = null;
        double bestTotal = Double.NEGATIVE_INFINITY;
        for (int attempt = 0; attempt <= starts; attempt++) {
            int[] path = attempt == 0
                    ? joinFragments(greedyFragments(g), g, s)
                    : walkFrom(g, s, (int) ((attempt - 1L) * n / starts), 0, null);
            new PathImprovement(path, g, s, IMPROVE_NEIGHBOURS).run((long) VISITS_PER_CLIP * n);
            double total = meanAdjacent(path, s);
            if (total > bestTotal + 1e-12) {
                bestTotal = total;
                best = path;
            }
        }
        return best;
    }

    /**
     * A walk at temperature {@code t} &gt; 0: a start drawn uniformly, then each next clip drawn from
     * softmax(similarity / t) over the unused clips the current clip's neighbour list holds (all
     * clips when the graph is complete). When every listed neighbour is used, up to
     * {@value #JOIN_SCAN} unused clips are scored with {@code s} instead. Same seed, same walk.
     */
    public static int[] walk(NeighbourGraph g, Similarity s, double t, long seed) {
        if (!(t > 0)) throw new IllegalArgumentException("temperature must be > 0 for a walk (0 means best())");
        int n = g.size();
        if (n == 0) return new int[0];
        SplittableRandom rng = new SplittableRandom(seed);
        return walkFrom(g, s, rng.nextInt(n), t, rng);
    }

    /** The walk from {@code start}; at t = 0 each step takes the most similar unused clip (ties: first listed). */
    private static int[] walkFrom(NeighbourGraph g, Similarity s, int start, double t, SplittableRandom rng) {
        int n = g.size();
        int[] order = new int[n];
        // unused clips as a dense list with positions, so removal is O(1) and scans are deterministic
        int[] unused = new int[n];
        int[] where = new int[n];
        for (int i = 0; i < n; i++) { unused[i] = i; where[i] = i; }
        int left = n;
        int cur = start;
        int[] candidates = new int[Math.max(JOIN_SCAN, maxRow(g))];
        double[] weight = new double[candidates.length];
        for (int step = 0; ; step++) {
            order[step] = cur;
            int at = where[cur], last = unused[--left];
            unused[at] = last; where[last] = at; where[cur] = -1;
            if (left == 0) break;
            int m = 0;
            int[] row = g.ids()[cur];
            float[] rs = g.sims()[cur];
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < row.length; r++) {
                if (where[row[r]] < 0) continue;
                candidates[m] = row[r];
                weight[m] = rs[r];
                max = Math.max(max, rs[r]);
                m++;
            }
            if (m == 0) {
                int scan = Math.min(left, JOIN_SCAN);
                int from = rng == null ? 0 : rng.nextInt(left);
                for (int q = 0; q < scan; q++) {
                    int c = unused[(from + q) % left];
                    candidates[m] = c;
                    weight[m] = s.between(cur, c);
                    max = Math.max(max, weight[m]);
                    m++;
                }
            }
            int pick = 0;
            if (t == 0) {
                for (int q = 1; q < m; q++) if (weight[q] > weight[pick]) pick = q;
            } else {
                double total = 0;
                for (int q = 0; q < m; q++) {
                    weight[q] = Math.exp((weight[q] - max) / t);
                    total += weight[q];
                }
                double u = rng.nextDouble() * total;
                pick = m - 1;
                for (int q = 0; q < m; q++) {
                    u -= weight[q];
                    if (u < 0) { pick = q; break; }
                }
            }
            cur = candidates[pick];
        }
        return order;
    }

    private static int maxRow(NeighbourGraph g) {
        int m = 0;
        for (int[] r : g.ids()) m = Math.max(m, r.length);
        return m;
    }

    /** All graph edges as sort keys (similarity descending, then edge number), sorted. */
    private static long[] edgeKeys(NeighbourGraph g) {
        int total = 0;
        for (int[] r : g.ids()) total += r.length;
        long[] keys = new long[total];
        int e = 0;
        for (int i = 0; i < g.size(); i++) {
            float[] rs = g.sims()[i];
            for (float v : rs) { keys[e] = NeighbourGraph.descendingKey(v, e); e++; }
        }
        Arrays.sort(keys);
        return keys;
    }

    /** Edge number → its two clips, in the numbering of {@link #edgeKeys}. */
    private static int[][] edgeEnds(NeighbourGraph g) {
        int total = 0;
        for (int[] r : g.ids()) total += r.length;
        int[][] ends = new int[2][total];
        int e = 0;
        for (int i = 0; i < g.size(); i++) {
            for (int j : g.ids()[i]) { ends[0][e] = i; ends[1][e] = j; e++; }
        }
        return ends;
    }

    /**
     * Greedy matching: edges best first, each taken when both ends still have a free side and it
     * closes no cycle. On a complete graph this alone yields one path; on a sparse one, fragments.
     */
    static int[][] greedyFragments(NeighbourGraph g) {
        int n = g.size();
        long[] keys = edgeKeys(g);
        int[][] edge = edgeEnds(g);
        int[] link0 = new int[n], link1 = new int[n];
        Arrays.fill(link0, -1);
        Arrays.fill(link1, -1);
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        int taken = 0;
        for (long key : keys) {
            if (taken == n - 1) break;
            int e = (int) key;
            int a = edge[0][e], b = edge[1][e];
            if (a == b || link1[a] >= 0 || link1[b] >= 0) continue;
            int ra = find(parent, a), rb = find(parent, b);
            if (ra == rb) continue;
            parent[ra] = rb;
            if (link0[a] < 0) link0[a] = b; else link1[a] = b;
            if (link0[b] < 0) link0[b] = a; else link1[b] = a;
            taken++;
        }
        // read each fragment from one of its ends, in order of the lowest end id
        boolean[] seen = new boolean[n];
        int[][] fragments = new int[n][];
        int f = 0;
        int[] buf = new int[n];
        for (int i = 0; i < n; i++) {
            if (seen[i] || link1[i] >= 0) continue; // not an end (or already read)
            int len = 0, prev = -1, cur = i;
            while (cur >= 0) {
                seen[cur] = true;
                buf[len++] = cur;
                int next = link0[cur] != prev ? link0[cur] : link1[cur];
                if (next == prev) next = -1;
                prev = cur;
                cur = next;
            }
            fragments[f++] = Arrays.copyOf(buf, len);
        }
        return Arrays.copyOf(fragments, f);
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /**
     * Joins fragments into one path: from the current tail, the remaining fragment whose nearer end
     * is most similar comes next (turned round if its far end is the better match). Candidates are
     * the tail's listed neighbours that are fragment ends, plus up to {@value #JOIN_SCAN} remaining
     * fragments scored exactly, so the step stays bounded for any number of fragments.
     */
    static int[] joinFragments(int[][] fragments, NeighbourGraph g, Similarity s) {
        int n = g.size();
        int fcount = fragments.length;
        int[] fragOfEnd = new int[n];
        Arrays.fill(fragOfEnd, -1);
        for (int f = 0; f < fcount; f++) {
            int[] fr = fragments[f];
            fragOfEnd[fr[0]] = f;
            fragOfEnd[fr[fr.length - 1]] = f;
        }
        int[] remaining = new int[fcount];
        int[] where = new int[fcount];
        for (int f = 0; f < fcount; f++) { remaining[f] = f; where[f] = f; }
        int left = fcount;
        int[] path = new int[n];
        int len = 0;
        int f = 0; // start with the fragment holding the lowest end id: deterministic
        while (true) {
            int at = where[f], last = remaining[--left];
            remaining[at] = last; where[last] = at; where[f] = -1;
            int[] fr = fragments[f];
            boolean reversed = len > 0 && s.between(path[len - 1], fr[fr.length - 1]) > s.between(path[len - 1], fr[0]);
            for (int q = 0; q < fr.length; q++) path[len++] = reversed ? fr[fr.length - 1 - q] : fr[q];
            if (left == 0) break;
            int tail = path[len - 1];
            int bestF = -1;
            double bestS = Double.NEGATIVE_INFINITY;
            int[] row = g.ids()[tail];
            float[] rs = g.sims()[tail];
            for (int r = 0; r < row.length; r++) {
                int cf = fragOfEnd[row[r]];
                if (cf >= 0 && where[cf] >= 0) {
                    if (rs[r] > bestS) { bestS = rs[r]; bestF = cf; }
                    break; // rows are sorted: the first remaining end is the listed best
                }
            }
            int scan = Math.min(left, JOIN_SCAN);
            for (int q = 0; q < scan; q++) {
                int cf = remaining[q];
                int[] c = fragments[cf];
                double v = Math.max(s.between(tail, c[0]), s.between(tail, c[c.length - 1]));
                if (v > bestS || (v == bestS && cf < bestF)) { bestS = v; bestF = cf; }
            }
            f = bestF;
        }
        return path;
    }
}
