package dev.ersatz.engine.chain;

/**
 * One join between two clips: where to make it (the lag of best normalised cross-correlation in
 * a bounded window) and how (equal-power gains, cos/sin of a quarter turn, so that the power of
 * two uncorrelated signals stays constant through the fade). Any thread; {@link #gainOut} and
 * {@link #gainIn} allocate nothing and are used by the live walker on the audio thread too.
 */
public final class Crossfade {
    private Crossfade() { }

    /** Gain of the outgoing clip at sample {@code k} of a fade {@code length} long. */
    public static float gainOut(int k, int length) {
        return (float) Math.cos(0.5 * Math.PI * (k + 0.5) / length);
    }

    /** Gain of the incoming clip at sample {@code k} of a fade {@code length} long. */
    public static float gainIn(int k, int length) {
        return (float) Math.sin(0.5 * Math.PI * (k + 0.5) / length);
    }

    /**
     * The lag in [-maxLag, maxLag] at which the end of {@code a} and the start of {@code b} agree
     * best over {@code fade} samples. A positive lag ends {@code a} that many samples early; a
     * negative one starts {@code b} that many samples late. The overlap compared is
     * a[a.length - fade - max(lag, 0), +fade) against b[max(-lag, 0), +fade). Ties go to the lag
     * nearest 0; silence on either side gives 0. Direct correlation with running energies:
     * (2·maxLag + 1)·fade multiply-adds.
     */
    public static int bestLag(float[] a, float[] b, int fade, int maxLag) {
        if (fade <= 0) return 0;
        int lagMax = Math.max(0, Math.min(maxLag, a.length - fade));
        int lagMin = -Math.max(0, Math.min(maxLag, b.length - fade));
        if (a.length < fade || b.length < fade) return 0;
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int lag = lagMin; lag <= lagMax; lag++) {
            int ai = a.length - fade - Math.max(lag, 0);
            int bi = Math.max(-lag, 0);
            double dot = 0, ea = 0, eb = 0;
            for (int k = 0; k < fade; k++) {
                double x = a[ai + k], y = b[bi + k];
                dot += x * y;
                ea += x * x;
                eb += y * y;
            }
            if (ea <= 1e-20 || eb <= 1e-20) continue;
            double score = dot / Math.sqrt(ea * eb);
            if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && Math.abs(lag) < Math.abs(best))) {
                bestScore = score;
                best = lag;
            }
        }
        return best;
    }
}
