package dev.ersatz.engine.chain;

import java.util.SplittableRandom;

/**
 * The live chain's choices: which clip follows which. At temperature 0 the next clip is the
 * successor in the best order (wrapping round at the end); above 0 it is drawn from
 * softmax(similarity / T) over the current clip's neighbours, leaving out the last few clips
 * played so the walk does not ping-pong. A MIDI note picks a region of the best order, a run of
 * mutually similar clips: pitch class k of the note selects region k of twelve equal regions (of
 * fewer when there are fewer clips). Deterministic for a seed. Worker thread (the generator's);
 * allocates nothing after construction.
 */
public final class ChainWalker {
    private static final int REGIONS = 12;
    private static final int HISTORY = 8;

    private final int[] order;
    private final int[] rank;
    private final NeighbourGraph g;
    private final SplittableRandom rng;
    private final int[] history;
    private final double[] weight;
    private final int[] candidate;
    private int historySize, historyAt;
    private double temperature;

    /**
     * @param order the best order of the clips ({@link ChainOrder#best})
     * @param g     the neighbour graph it was made from
     * @param rng   what it draws from (the render engine's per-stream random)
     */
    public ChainWalker(int[] order, NeighbourGraph g, SplittableRandom rng) {
        if (order.length == 0) throw new IllegalArgumentException("no clips to walk");
        this.order = order.clone();
        this.rank = new int[order.length];
        for (int i = 0; i < order.length; i++) rank[order[i]] = i;
        this.g = g;
        this.rng = rng;
        this.history = new int[Math.min(HISTORY, Math.max(0, order.length - 2))];
        int width = 0;
        for (int[] row : g.ids()) width = Math.max(width, row.length);
        this.weight = new double[width];
        this.candidate = new int[width];
    }

    public double temperature() { return temperature; }

    /** T ≥ 0; 0 follows the best order. */
    public void setTemperature(double t) { temperature = Math.max(0, t); }

    /** The first clip: the start of the best order. */
    public int first() {
        remember(order[0]);
        return order[0];
    }

    /** The clip to play after {@code current}. */
    public int next(int current) {
        int pick = order[(rank[current] + 1) % order.length];
        if (temperature > 0) {
            int[] row = g.ids()[current];
            float[] rs = g.sims()[current];
            int m = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < row.length; r++) {
                if (recent(row[r])) continue;
                candidate[m] = row[r];
                weight[m] = rs[r];
                max = Math.max(max, rs[r]);
                m++;
            }
            if (m > 0) {
                double total = 0;
                for (int q = 0; q < m; q++) total += weight[q] = Math.exp((weight[q] - max) / temperature);
                double u = rng.nextDouble() * total;
                pick = candidate[m - 1];
                for (int q = 0; q < m; q++) {
                    u -= weight[q];
                    if (u < 0) { pick = candidate[q]; break; }
                }
            }
        }
        remember(pick);
        return pick;
    }

    /**
     * The clip a note would send the chain to: the start of its region at T = 0, any clip in it
     * above. Draws without remembering it (a live note may never come; see {@link #enter}).
     */
    public int entryFor(int note) {
        int regions = Math.min(REGIONS, order.length);
        int region = Math.floorMod(note, 12) % regions;
        int from = (int) ((long) region * order.length / regions);
        int to = (int) ((long) (region + 1) * order.length / regions);
        return order[temperature > 0 ? from + rng.nextInt(to - from) : from];
    }

    /** The walk jumped to {@code clip} (a note's entry): the clips that follow avoid it as a recent one. */
    public void enter(int clip) { remember(clip); }

    private boolean recent(int clip) {
        for (int i = 0; i < historySize; i++) if (history[i] == clip) return true;
        return false;
    }

    private void remember(int clip) {
        if (history.length == 0) return;
        history[historyAt] = clip;
        historyAt = (historyAt + 1) % history.length;
        historySize = Math.min(historySize + 1, history.length);
    }
}
