package dev.ersatz.engine.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Tempo candidates from the autocorrelation of the onset envelope. Tempo is ambiguous by factors of
 * two (and three), so this reports the strongest autocorrelation peaks between 30 and 300 BPM, each
 * with its strength, rather than one number; {@link #family} gives a tempo's half and double.
 */
final class Tempo {
    static final double MIN_BPM = 30, MAX_BPM = 300;

    private Tempo() { }

    /** Normalised autocorrelation of the mean-removed envelope for lags 0..maxLag (biased: fewer overlaps weigh less). */
    static double[] autocorrelation(double[] rawEnv, int maxLag) {
        double[] env = smooth(rawEnv);
        int n = env.length;
        double mean = 0;
        for (double v : env) mean += v;
        mean /= Math.max(1, n);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = env[i] - mean;
        double[] acf = new double[maxLag + 1];
        for (int lag = 0; lag <= Math.min(maxLag, n - 1); lag++) {
            double s = 0;
            for (int i = lag; i < n; i++) s += d[i] * d[i - lag];
            acf[lag] = s;
        }
        if (acf[0] > 0) for (int i = acf.length - 1; i >= 0; i--) acf[i] /= acf[0];
        return acf;
    }

    /** Up to {@code count} candidates, strongest first. */
    static List<TempoCandidate> candidates(double[] env, double frameRate, int count) {
        int maxLag = (int) Math.ceil(60 * frameRate / MIN_BPM) + 1;
        double[] acf = autocorrelation(env, maxLag);
        List<TempoCandidate> peaks = new ArrayList<>();
        int minLag = Math.max(1, (int) Math.floor(60 * frameRate / MAX_BPM));
        for (int lag = minLag; lag < maxLag; lag++) {
            if (acf[lag] > 0 && acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1]) {
                // Parabolic interpolation of the peak between lags.
                double a = acf[lag - 1], b = acf[lag], c = acf[lag + 1];
                double den = a - 2 * b + c;
                double off = den == 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / den));
                double bpm = 60 * frameRate / (lag + off);
                if (bpm >= MIN_BPM && bpm <= MAX_BPM) peaks.add(new TempoCandidate(round(bpm), round(b - 0.25 * (a - c) * off)));
            }
        }
        peaks.sort(Comparator.comparingDouble(TempoCandidate::strength).reversed());
        return new ArrayList<>(peaks.subList(0, Math.min(count, peaks.size())));
    }

    /** Half, the tempo itself and double, each with the autocorrelation at its lag (0 beyond the range). */
    static List<TempoCandidate> family(double[] env, double frameRate, double bpm) {
        int maxLag = (int) Math.ceil(60 * frameRate / (bpm / 2)) + 2;
        double[] acf = autocorrelation(env, maxLag);
        List<TempoCandidate> out = new ArrayList<>();
        for (double f : new double[] {0.5, 1, 2}) {
            double lag = 60 * frameRate / (bpm * f);
            int i = (int) Math.floor(lag);
            double s = i + 1 < acf.length && i >= 1 ? acf[i] + (lag - i) * (acf[i + 1] - acf[i]) : 0;
            // The envelope is spiky: take the best value within a lag either side, as the peak may sit between.
            if (i >= 1 && i + 2 < acf.length) s = Math.max(s, Math.max(acf[i], acf[i + 1]));
            out.add(new TempoCandidate(round(bpm * f), round(s)));
        }
        return out;
    }

    /**
     * The envelope blurred by a 5-frame Hann kernel: a beat period is rarely a whole number of frames,
     * and without the blur its pulses would fall on alternating lags and lose to a multiple that
     * happens to land on one.
     */
    static double[] smooth(double[] env) {
        double[] k = {0.25, 0.75, 1, 0.75, 0.25};
        double[] out = new double[env.length];
        for (int i = 0; i < env.length; i++) {
            double s = 0;
            for (int j = 0; j < k.length; j++) {
                int t = i + j - 2;
                if (t >= 0 && t < env.length) s += k[j] * env[t];
            }
            out[i] = s / 3;
        }
        return out;
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
