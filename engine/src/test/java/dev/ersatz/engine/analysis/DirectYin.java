package dev.ersatz.engine.analysis;

/**
 * YIN's difference function summed directly, O(W·τmax): the reference {@link PitchEstimator}'s FFT
 * form is checked against (same lags and integration length) and the benchmark's slow side.
 */
final class DirectYin {
    private DirectYin() { }

    /** d'(τ) for τ = 0..tauMax of x[0..window) with W = window − tauMax (non-finite samples as 0). */
    static double[] cmnd(float[] x, int window, int tauMax) {
        int w = window - tauMax;
        double[] s = new double[window];
        for (int i = 0; i < window && i < x.length; i++) s[i] = Float.isFinite(x[i]) ? x[i] : 0;
        double[] out = new double[tauMax + 1];
        out[0] = 1;
        double sum = 0;
        for (int tau = 1; tau <= tauMax; tau++) {
            double d = 0;
            for (int j = 0; j < w; j++) {
                double v = s[j] - s[j + tau];
                d += v * v;
            }
            sum += d;
            out[tau] = sum > 0 ? d * tau / sum : 1;
        }
        return out;
    }
}
