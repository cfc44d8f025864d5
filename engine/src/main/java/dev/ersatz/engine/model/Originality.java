package dev.ersatz.engine.model;

import java.util.List;

/**
 * How much of an output copies the corpus, judged by fingerprint: the output's fingerprint items
 * are compared with every corpus fingerprint along every alignment (diagonal). A window of
 * {@link #WINDOW} consecutive items matches when their mean bit error is at most
 * {@link #MAX_BIT_ERROR} (unrelated audio sits near 0.5); consecutive matching windows on one
 * diagonal form a copied stretch. Reports the longest stretch and the fraction of output items
 * inside any matching window. A fingerprint item summarises a few seconds of audio, so a copy
 * shorter than about a second is invisible here (the generator's own provenance bounds those).
 * Pure Java, any thread.
 */
public final class Originality {
    /** Seconds per Chromaprint item (4096-sample frames at 11025 Hz with a third of a frame hop). */
    public static final double ITEM_SECONDS = dev.ersatz.engine.analysis.fingerprint.Chromaprint.ITEM_SECONDS;
    /** Items compared at once (about a second). */
    public static final int WINDOW = 8;
    /** Mean bit error of a matching window: a copy at any sample offset measures about 0.05, unrelated audio 0.3 to 0.5. */
    public static final double MAX_BIT_ERROR = 0.14;

    /** One corpus fingerprint and what to call it in the report. */
    public record Reference(String name, int[] items) { }

    /**
     * The verdict: the longest copied stretch (seconds, where in the output, which corpus file and
     * where in it) and the fraction of the output matched.
     */
    public record Report(double longestSeconds, double outputAt, String source, double sourceAt,
                         double fractionMatched, int outputItems) { }

    private Originality() { }

    /**
     * An item matches while most of the audio it summarises lies inside a copy, so a run of L
     * matching items stands for a copy of about L items' length (measured within a second).
     */
    public static Report compare(int[] output, List<Reference> corpus) {
        int n = output.length;
        boolean[] matched = new boolean[n];
        int bestLen = 0, bestAt = 0, bestSourceAt = 0;
        String bestSource = null;
        int limit = (int) Math.floor(MAX_BIT_ERROR * 32 * WINDOW);
        int[] err = new int[Math.max(1, n)];
        for (Reference ref : corpus) {
            int[] b = ref.items();
            int m = b.length;
            for (int d = -(n - 1); d <= m - 1; d++) { // output item i aligns with corpus item i + d
                int from = Math.max(0, -d), to = Math.min(n, m - d);
                if (to - from < WINDOW) continue;
                for (int i = from; i < to; i++) err[i] = Integer.bitCount(output[i] ^ b[i + d]);
                int sum = 0;
                for (int i = from; i < from + WINDOW; i++) sum += err[i];
                int runStart = -1;
                for (int s = from; s + WINDOW <= to; s++) {
                    if (s > from) sum += err[s + WINDOW - 1] - err[s - 1];
                    boolean match = sum <= limit;
                    if (match) {
                        for (int i = s; i < s + WINDOW; i++) matched[i] = true;
                        if (runStart < 0) runStart = s;
                        int len = s + WINDOW - runStart;
                        if (len > bestLen) {
                            bestLen = len;
                            bestAt = runStart;
                            bestSourceAt = runStart + d;
                            bestSource = ref.name();
                        }
                    } else {
                        runStart = -1;
                    }
                }
            }
        }
        int count = 0;
        for (boolean x : matched) if (x) count++;
        return new Report(bestLen * ITEM_SECONDS, bestAt * ITEM_SECONDS, bestSource, bestSourceAt * ITEM_SECONDS,
                n == 0 ? 0 : count / (double) n, n);
    }
}
