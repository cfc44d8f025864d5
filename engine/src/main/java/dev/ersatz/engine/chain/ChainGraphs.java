package dev.ersatz.engine.chain;

/**
 * Chooses how to compare clips for a given set size: every pair up to {@value #DENSE_LIMIT} clips;
 * beyond that a shortlist of {@value #SHORTLIST} candidates per clip from cheap summary vectors
 * (exact search up to {@value #EXACT_LIMIT} clips, random-projection trees above), re-scored
 * with the exact measure down to {@value #KEEP}. Memory stays O(n·k) beyond the dense limit.
 * Control or worker thread.
 */
public final class ChainGraphs {
    private ChainGraphs() { }

    public static final int DENSE_LIMIT = 1500;
    public static final int EXACT_LIMIT = 20_000;
    public static final int SHORTLIST = 24;
    public static final int KEEP = 12;
    public static final int TREES = 6;

    /**
     * A neighbour graph and the similarity to order with: for a dense set, the full matrix looked
     * up; for a large one, the exact measure behind a cache of the pairs already scored.
     */
    public record Prepared(NeighbourGraph graph, Similarity similarity) { }

    /**
     * @param exact   the measure the chain is judged by
     * @param summary cheap vectors standing in for the clips, used only to shortlist candidates;
     *                when {@code exact} is this same object no re-scoring happens
     */
    public static Prepared build(int n, Similarity exact, VectorSimilarity summary, long seed) {
        if (n <= DENSE_LIMIT) {
            float[][] m = NeighbourGraph.matrix(n, exact);
            return new Prepared(NeighbourGraph.complete(m), (a, b) -> m[a][b]);
        }
        boolean same = exact == summary;
        int k = same ? KEEP : SHORTLIST;
        NeighbourGraph shortlist = n <= EXACT_LIMIT
                ? NeighbourSearch.exact(summary, k)
                : NeighbourSearch.approximate(summary, k, TREES, seed);
        if (same) return new Prepared(shortlist, exact);
        return new Prepared(shortlist.rescored(exact, KEEP), new PairCache(exact));
    }

    /** Temperature 0: {@link ChainOrder#best}; above: {@link ChainOrder#walk} with {@code seed}. */
    public static int[] order(NeighbourGraph g, Similarity s, double temperature, long seed) {
        return temperature > 0 ? ChainOrder.walk(g, s, temperature, seed) : ChainOrder.best(g, s);
    }
}
