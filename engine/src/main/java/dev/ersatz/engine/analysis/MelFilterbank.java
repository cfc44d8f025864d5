package dev.ersatz.engine.analysis;

/**
 * Triangular filters on the Slaney mel scale (librosa's default, htk=False) with Slaney area
 * normalisation, stored sparsely as each filter's first bin and weights.
 */
final class MelFilterbank {
    final int bands;
    private final int[] first;
    private final double[][] weights;

    MelFilterbank(int bands, int nFft, int rate, double fmin, double fmax) {
        this.bands = bands;
        first = new int[bands];
        weights = new double[bands][];
        double[] edges = new double[bands + 2];
        double lo = hzToMel(fmin), hi = hzToMel(fmax);
        for (int i = 0; i < edges.length; i++) edges[i] = melToHz(lo + (hi - lo) * i / (bands + 1));
        int bins = nFft / 2 + 1;
        for (int b = 0; b < bands; b++) {
            double l = edges[b], c = edges[b + 1], r = edges[b + 2];
            double norm = 2.0 / (r - l);
            int from = -1, to = -1;
            double[] w = new double[bins];
            for (int k = 0; k < bins; k++) {
                double f = k * (double) rate / nFft;
                double v = Math.max(0, Math.min((f - l) / (c - l), (r - f) / (r - c))) * norm;
                if (v > 0) {
                    if (from < 0) from = k;
                    to = k;
                    w[k] = v;
                }
            }
            if (from < 0) { // a band narrower than a bin: give it the nearest bin
                from = to = (int) Math.min(bins - 1, Math.round(c * nFft / rate));
                w[from] = norm;
            }
            first[b] = from;
            weights[b] = java.util.Arrays.copyOfRange(w, from, to + 1);
        }
    }

    void apply(double[] power, double[] out) {
        for (int b = 0; b < bands; b++) {
            double s = 0;
            double[] w = weights[b];
            int f = first[b];
            for (int k = 0; k < w.length; k++) s += w[k] * power[f + k];
            out[b] = s;
        }
    }

    static double hzToMel(double hz) {
        double fSp = 200.0 / 3, minLogHz = 1000, minLogMel = minLogHz / fSp, logStep = Math.log(6.4) / 27;
        return hz < minLogHz ? hz / fSp : minLogMel + Math.log(hz / minLogHz) / logStep;
    }

    static double melToHz(double mel) {
        double fSp = 200.0 / 3, minLogHz = 1000, minLogMel = minLogHz / fSp, logStep = Math.log(6.4) / 27;
        return mel < minLogMel ? mel * fSp : minLogHz * Math.exp(logStep * (mel - minLogMel));
    }
}
