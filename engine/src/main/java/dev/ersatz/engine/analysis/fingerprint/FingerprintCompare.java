package dev.ersatz.engine.analysis.fingerprint;

/**
 * Bit-agreement correlation of raw Chromaprint fingerprints, the measure the seed's chaining script
 * ranked clip pairs by: at a given alignment, 1 - (differing bits) / (32 x overlapping items).
 * {@link #best} tries every offset whose overlap is at least {@link #minOverlap} items (half the
 * shorter fingerprint, but never fewer than min(8, shorter)), so a short accidental overlap at the
 * edges cannot win. Pure functions over int arrays (XOR and popcount, no allocation), safe on any
 * thread; {@link #best} is O(n x m), so keep it off the audio thread.
 */
public final class FingerprintCompare {
    private FingerprintCompare() { }

    /** Items two fingerprints of these lengths must share for an offset to count. */
    public static int minOverlap(int lengthA, int lengthB) {
        int shorter = Math.min(lengthA, lengthB);
        return Math.max(Math.min(shorter, 8), (shorter + 1) / 2);
    }

    /** The best offset over all offsets with enough overlap; Match(0, 0) if either is empty. Ties go to the smaller |offset|. */
    public static Match best(int[] a, int[] b) {
        return best(a, b, Integer.MAX_VALUE);
    }

    /** Like {@link #best(int[], int[])} but only offsets with |offset| &lt;= maxOffset. */
    public static Match best(int[] a, int[] b, int maxOffset) {
        if (a.length == 0 || b.length == 0) return new Match(0, 0);
        int need = minOverlap(a.length, b.length);
        // offset o pairs a[i] with b[i + o]; overlap = min(na, nb - o) - max(0, -o)
        int lo = Math.max(need - a.length, -maxOffset);
        int hi = Math.min(b.length - need, maxOffset);
        double bestSim = -1;
        int bestOffset = 0;
        for (int o = lo; o <= hi; o++) {
            double s = at(a, b, o);
            if (s > bestSim || (s == bestSim && Math.abs(o) < Math.abs(bestOffset))) {
                bestSim = s;
                bestOffset = o;
            }
        }
        return bestSim < 0 ? new Match(0, 0) : new Match(bestSim, bestOffset);
    }

    /** Similarity at one offset (a[i] with b[i + offset]); 0 when they do not overlap. */
    public static double at(int[] a, int[] b, int offset) {
        int from = Math.max(0, -offset);
        int to = Math.min(a.length, b.length - offset);
        if (to <= from) return 0;
        long diff = 0;
        for (int i = from; i < to; i++) diff += Integer.bitCount(a[i] ^ b[i + offset]);
        return 1.0 - diff / (32.0 * (to - from));
    }
}
