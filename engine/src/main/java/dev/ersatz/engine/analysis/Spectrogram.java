package dev.ersatz.engine.analysis;

/**
 * A whole magnitude spectrogram {@code [frame][bin]} through {@link Stft}, for the pictures (the
 * thumbnail, the clip page's spectrogram). A long signal is read with a wider hop so it never holds
 * more than {@link #MAX_FRAMES} frames (beyond nFft × MAX_FRAMES samples frames skip audio between
 * them: fine for a picture, not for analysis). Worker or control threads.
 */
public final class Spectrogram {
    public static final int MAX_FRAMES = 4096;

    private Spectrogram() { }

    /** The hop for {@code n} samples: {@code minHop}, or wider so the frame count stays under MAX_FRAMES. */
    public static int hop(int n, int minHop) { return Math.max(minHop, (n + MAX_FRAMES - 1) / MAX_FRAMES); }

    public static float[][] magnitude(float[] mono, int nFft, int minHop) {
        int hop = hop(mono.length, minHop);
        Stft stft = new Stft(nFft, hop);
        float[][] s = new float[stft.frameCount(mono.length)][nFft / 2 + 1];
        stft.run(mono, (f, power) -> {
            float[] row = s[f];
            for (int k = 0; k < row.length; k++) row[k] = (float) Math.sqrt(power[k]);
        });
        return s;
    }

    /** IEC 61672 A-weighting in dB at {@code hz} (0 dB at 1 kHz). */
    public static double aWeightingDb(double hz) {
        double f2 = hz * hz;
        double ra = 12194.0 * 12194.0 * f2 * f2
                / ((f2 + 20.6 * 20.6) * Math.sqrt((f2 + 107.7 * 107.7) * (f2 + 737.9 * 737.9)) * (f2 + 12194.0 * 12194.0));
        return hz <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(ra) + 2.0;
    }

    /** Mel band powers per frame from magnitudes, optionally A-weighted first (power × 10^(A/10)). */
    static double[][] melPower(float[][] magnitude, int nFft, int rate, int bands, boolean aWeighted) {
        MelFilterbank mel = new MelFilterbank(bands, nFft, rate, 0, rate / 2.0);
        int bins = nFft / 2 + 1;
        double[] gain = new double[bins];
        for (int k = 0; k < bins; k++) gain[k] = aWeighted ? Math.pow(10, aWeightingDb(k * (double) rate / nFft) / 10) : 1;
        double[] power = new double[bins];
        double[][] out = new double[magnitude.length][bands];
        for (int f = 0; f < magnitude.length; f++) {
            for (int k = 0; k < bins; k++) power[k] = (double) magnitude[f][k] * magnitude[f][k] * gain[k];
            mel.apply(power, out[f]);
        }
        return out;
    }
}
