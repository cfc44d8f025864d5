package dev.ersatz.engine.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Onset detection: a spectral-flux envelope (mean over mel bands of the rise in dB from the previous
 * frame, as librosa's onset_strength), peaks picked adaptively (librosa's onset_detect rule: a local
 * maximum over the last 30 ms that clears the mean of ±100 ms by 0.07 of the envelope's range, at
 * least 30 ms after the previous one) and above an absolute floor of {@link #MIN_FLUX_DB}, then each onset moved to the sample block where the signal's
 * energy rises most, because a centred 2048-sample frame sees a hit up to half a frame early.
 */
public final class Onsets {
    /**
     * The least mean rise over the mel bands (dB from one 23-ms frame to the next) an onset needs. The
     * adaptive rule alone scales itself to each file's range, so on a sustained drone, whose whole range
     * is a dB or two of shimmer, it fired ten times a second; a hit rises several dB across the bands.
     * 2.5 dB was measured to keep the onsets of real drum and bass loops and drop most of those of
     * real drones and pads (docs/BENCHMARKS.md).
     */
    static final double MIN_FLUX_DB = 2.5;

    private Onsets() { }

    /**
     * The onsets of a mono signal, in samples, ascending: the detector {@code ersatz analyze} reports
     * (the envelope, the adaptive peak picking and the refinement below). Any thread but the audio thread.
     */
    public static int[] detect(float[] mono, int rate) {
        SpectralFrames s = SpectralFrames.of(mono, rate);
        return refine(mono, pick(s.onsetEnvelope(), s.frameRate), SpectralFrames.fftSize(rate), s.hop);
    }

    /** The samples where the onsets picked at {@code frames} start ({@link #refine}), ascending. */
    static int[] refine(float[] mono, List<Integer> frames, int nFft, int hop) {
        int[] out = new int[frames.size()];
        for (int i = 0; i < out.length; i++) out[i] = refine(mono, frames.get(i), nFft, hop);
        java.util.Arrays.sort(out);
        return out;
    }

    /** Flux per frame from mel dB frames (row-major, frames × bands); frame 0 has none. */
    static double[] envelope(float[] melDb, int frames, int bands) {
        double[] env = new double[frames];
        for (int t = 1; t < frames; t++) {
            double s = 0;
            int a = t * bands, p = a - bands;
            for (int b = 0; b < bands; b++) s += Math.max(0, melDb[a + b] - melDb[p + b]);
            env[t] = s / bands;
        }
        return env;
    }

    /** Frame indices of onsets; {@code frameRate} frames per second. */
    static List<Integer> pick(double[] env, double frameRate) {
        List<Integer> out = new ArrayList<>();
        int n = env.length;
        if (n < 3) return out;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : env) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max - min > 1e-9)) return out;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) e[i] = (env[i] - min) / (max - min);
        int preMax = (int) (0.03 * frameRate), postMax = 1;
        int preAvg = (int) (0.10 * frameRate), postAvg = (int) (0.10 * frameRate) + 1;
        int wait = (int) (0.03 * frameRate);
        double delta = 0.07;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + e[i];
        int last = -wait - 1;
        for (int t = 0; t < n; t++) {
            boolean isMax = true;
            for (int j = Math.max(0, t - preMax); j < Math.min(n, t + postMax); j++) {
                if (e[j] > e[t]) {
                    isMax = false;
                    break;
                }
            }
            if (!isMax) continue;
            int a = Math.max(0, t - preAvg), z = Math.min(n, t + postAvg);
            double mean = (prefix[z] - prefix[a]) / (z - a);
            if (e[t] >= mean + delta && env[t] >= MIN_FLUX_DB && t > last + wait) {
                out.add(t);
                last = t;
            }
        }
        return out;
    }

    /**
     * The sample where the onset found at STFT frame {@code frame} starts: within the frame's window
     * (the peak frame may be one whose window only just reaches the hit), the start of the 1/8-hop block with the largest energy rise over the four blocks before it.
     */
    static int refine(float[] x, int frame, int nFft, int hop) {
        int block = Math.max(8, hop / 8);
        int from = Math.max(0, frame * hop - nFft / 2), to = Math.min(x.length, frame * hop + nFft / 2);
        int best = frame * hop;
        double bestRise = Double.NEGATIVE_INFINITY;
        double eps = 1e-10 * block;
        for (int s = from; s + block <= to; s += block) {
            double now = energy(x, s, block), before = 0;
            int k = 0;
            for (int p = s - 4 * block; p < s; p += block, k++) before += p >= 0 ? energy(x, p, block) : 0;
            double rise = Math.log(now + eps) - Math.log(before / k + eps);
            if (rise > bestRise) {
                bestRise = rise;
                best = s;
            }
        }
        return Math.min(Math.max(0, best), Math.max(0, x.length - 1));
    }

    private static double energy(float[] x, int from, int len) {
        double s = 0;
        for (int i = from, end = Math.min(x.length, from + len); i < end; i++) s += (double) x[i] * x[i];
        return s;
    }
}
