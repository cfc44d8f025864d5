package dev.ersatz.engine.analysis;

/**
 * A constant-Q view of an STFT magnitude spectrogram: one filter per semitone from C1, each a Hann
 * window in log frequency one semitone wide either side of its centre, so every filter has the same Q
 * (librosa's {@code pseudo_cqt} idea: one FFT size, constant-Q kernels applied in frequency). At low
 * notes the FFT's bins are wider than a semitone and a filter takes the nearest bin; pitch classes
 * still come through there from the notes' harmonics. Folded to 12 pitch classes, C first.
 */
public final class PseudoConstantQ {
    public static final double C1_HZ = 32.703195662574829;
    private final int notes;
    private final int[] first;
    private final double[][] weights;

    /** Filters for {@code octaves} octaves from C1 over an STFT of {@code nFft} at {@code rate}. */
    public PseudoConstantQ(int nFft, int rate, int octaves) {
        int bins = nFft / 2 + 1;
        double binHz = rate / (double) nFft;
        int n = 0;
        while (n < 12 * octaves && C1_HZ * Math.pow(2, (n + 1) / 12.0) < rate / 2.0) n++;
        notes = n;
        first = new int[notes];
        weights = new double[notes][];
        for (int q = 0; q < notes; q++) {
            double centre = C1_HZ * Math.pow(2, q / 12.0);
            double lo = centre * Math.pow(2, -1 / 12.0), hi = centre * Math.pow(2, 1 / 12.0);
            int from = Math.max(1, (int) Math.ceil(lo / binHz)), to = Math.min(bins - 1, (int) Math.floor(hi / binHz));
            if (from > to) { // narrower than a bin
                from = to = (int) Math.min(bins - 1, Math.max(1, Math.round(centre / binHz)));
                first[q] = from;
                weights[q] = new double[] {1};
                continue;
            }
            double[] w = new double[to - from + 1];
            double sum = 0;
            for (int k = from; k <= to; k++) {
                double semis = 12 * Math.log(k * binHz / centre) / Math.log(2);   // −1..1
                w[k - from] = 0.5 + 0.5 * Math.cos(Math.PI * semis);
                sum += w[k - from];
            }
            for (int i = 0; i < w.length; i++) w[i] /= sum;   // each filter sums to 1: no bias to high notes
            first[q] = from;
            weights[q] = w;
        }
    }

    public int notes() { return notes; }

    /** The 12 pitch-class energies of one frame of magnitudes (C first), into {@code out}. */
    public void pitchClasses(float[] magnitude, double[] out) {
        java.util.Arrays.fill(out, 0, 12, 0);
        for (int q = 0; q < notes; q++) {
            double s = 0;
            double[] w = weights[q];
            for (int i = 0; i < w.length; i++) s += w[i] * magnitude[first[q] + i];
            out[q % 12] += s * s;
        }
    }
}
