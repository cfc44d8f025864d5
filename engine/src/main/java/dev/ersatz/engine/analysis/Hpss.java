package dev.ersatz.engine.analysis;

/**
 * Harmonic/percussive separation by median filtering (Fitzgerald 2010) with a margin (Driedger,
 * Müller and Disch 2014), as librosa's {@code decompose.hpss(S, margin=m)} does on a magnitude
 * spectrogram: a median along time keeps what is steady (harmonic), a median along frequency keeps
 * what is broadband and brief (percussive); each part keeps a bin only where it beats the other by
 * the margin (soft masks, power 2), and what neither claims is the residual. Runs on worker or
 * control threads; allocates its output.
 */
public final class Hpss {
    /** The two parts, each {@code [frame][bin]} magnitudes; the residual is S − harmonic − percussive. */
    public record Parts(float[][] harmonic, float[][] percussive) { }

    /** Kernel lengths librosa uses by default (31 frames, 31 bins). */
    public static final int KERNEL = 31;

    private Hpss() { }

    /**
     * Splits magnitude spectrogram {@code s[frame][bin]}; {@code margin} ≥ 1 (1 = no residual, librosa's
     * default; larger margins leave more in the residual and make each part purer).
     */
    public static Parts separate(float[][] s, double margin) {
        if (margin < 1) throw new IllegalArgumentException("margin must be at least 1: " + margin);
        int frames = s.length, bins = frames == 0 ? 0 : s[0].length;
        float[][] h = new float[frames][bins], p = new float[frames][bins];
        int half = KERNEL / 2;
        float[] window = new float[KERNEL];
        // Along time, per bin: harmonic enhancement.
        for (int k = 0; k < bins; k++) {
            for (int f = 0; f < frames; f++) {
                int n = 0;
                for (int j = Math.max(0, f - half); j <= Math.min(frames - 1, f + half); j++) window[n++] = s[j][k];
                h[f][k] = median(window, n);
            }
        }
        // Along frequency, per frame: percussive enhancement.
        for (int f = 0; f < frames; f++) {
            float[] row = s[f];
            for (int k = 0; k < bins; k++) {
                int n = 0;
                for (int j = Math.max(0, k - half); j <= Math.min(bins - 1, k + half); j++) window[n++] = row[j];
                p[f][k] = median(window, n);
            }
        }
        // Soft masks with the margin: mask_H = H² / (H² + (m·P)²), mask_P = P² / (P² + (m·H)²).
        float[][] harmonic = new float[frames][bins], percussive = new float[frames][bins];
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < bins; k++) {
                double hh = h[f][k], pp = p[f][k], x = s[f][k];
                double mh = softMask(hh, margin * pp), mp = softMask(pp, margin * hh);
                harmonic[f][k] = (float) (x * mh);
                percussive[f][k] = (float) (x * mp);
            }
        }
        return new Parts(harmonic, percussive);
    }

    /** librosa's util.softmask(x, y, power=2): x² / (x² + y²), 0.5 where both are (nearly) zero. */
    static double softMask(double x, double y) {
        double x2 = x * x, y2 = y * y, z = x2 + y2;
        return z < 1e-30 ? 0.5 : x2 / z;
    }

    /** The median of the first {@code n} values (reorders them); the mean of the middle two for even n, as numpy does. */
    static float median(float[] v, int n) {
        java.util.Arrays.sort(v, 0, n);
        return (n & 1) == 1 ? v[n / 2] : 0.5f * (v[n / 2 - 1] + v[n / 2]);
    }
}
