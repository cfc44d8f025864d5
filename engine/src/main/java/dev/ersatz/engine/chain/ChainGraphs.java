package dev.ersatz.engine.chain;

/**
 * Chooses how to compare clips for a given set size: every pair up to {@value #DENSE_LIMIT} clips
 * ({@value #DENSE_LIMIT_EXPENSIVE} for an expensive measure such as fingerprint correlation);
 * beyond that a shortlist of {@value #SHORTLIST} candidates per clip from cheap summary vectors
 * (exact search up to {@value #EXACT_LIMIT} clips, random-projection trees above), re-scored
 * with the exact measure down to {@value #KEEP}. Memory stays O(n·k) beyond the dense limit.
 * Control or worker thread.
 */
public final class ChainGraphs {
    private ChainGraphs() { }

    public static final int DENSE_LIMIT = 1500;
    public static final int EXACT_LIMIT = 5_000;
    public static final int SHORTLIST = 24;
    public static final int KEEP = 12;
    public static final int TREES = 6;

    /**
     * A neighbour graph, the similarity to order with, and the exact one to judge the result by.
     * Dense: the full matrix, looked up, for both. Sparse with a cheap measure: the measure itself.
     * Sparse with an expensive one: ordering reads the graph ({@link GraphSimilarity}), judging
     * calls the measure (once per pair, cached).
     */
    public record Prepared(NeighbourGraph graph, Similarity ordering, Similarity exact) { }

    /** Up to this many clips an expensive measure (not the summary itself) is computed for every pair. */
    public static final int DENSE_LIMIT_EXPENSIVE = 400;

    /**
     * @param exact   the measure the chain is judged by
     * @param summary cheap vectors standing in for the clips, used only to shortlist candidates;
     *                when {@code exact} is this same object it is cheap and no re-scoring happens
     */
    public static Prepared build(int n, Similarity exact, VectorSimilarity summary, long seed) {
        boolean cheap = exact == summary;
        if (n <= (cheap ? DENSE_LIMIT : DENSE_LIMIT_EXPENSIVE)) {
            float[][] m = NeighbourGraph.matrix(n, exact);
            Similarity lookup = (a, b) -> m[a][b];
            return new Prepared(NeighbourGraph.complete(m), lookup, lookup);
        }
        int k = cheap ? KEEP : SHORTLIST;
        NeighbourGraph shortlist = n <= EXACT_LIMIT
                ? NeighbourSearch.exact(summary, k)
                : NeighbourSearch.approximate(summary, k, TREES, seed);
        if (cheap) return new Prepared(shortlist, exact, exact);
        NeighbourGraph g = shortlist.rescored(exact, KEEP);
        return new Prepared(g, new GraphSimilarity(g), new PairCache(exact));
    }

    /** Temperature 0: {@link ChainOrder#best}; above: {@link ChainOrder#walk} with {@code seed}. */
    public static int[] order(NeighbourGraph g, Similarity s, double temperature, long seed) {
        return temperature > 0 ? ChainOrder.walk(g, s, temperature, seed) : ChainOrder.best(g, s);
    }
}
