package dev.ersatz.engine.analysis.fingerprint;

import dev.ersatz.engine.analysis.Fft;

/**
 * Chromaprint's feature image from the 11025 Hz signal: frames of 4096 samples every 1365 (no
 * padding at either end: the last partial frame is dropped), Hamming window with the 1/32767 scale,
 * power spectrum, bins 28..3520 Hz folded onto 12 pitch classes (A = band 0), a 5-tap FIR over time
 * (0.25, 0.75, 1, 0.75, 0.25; its first output is at the fifth frame), then each row scaled to unit
 * Euclidean norm (rows with norm below 0.01 become zero). Runs on the calling thread.
 */
final class ChromaImage {
    static final int BANDS = 12;
    private static final double[] FILTER = {0.25, 0.75, 1.0, 0.75, 0.25};
    private static final int MIN_FREQ = 28;
    private static final int MAX_FREQ = 3520;

    private final int frameSize;
    private final int hop;
    private final float[] window;
    private final int minBin;
    private final int maxBin;
    private final int[] noteOfBin;
    /** Starts of the runs of consecutive bins with one note, then maxBin. */
    private final int[] runStart;

    ChromaImage(int frameSize, int hop, int sampleRate) {
        this.frameSize = frameSize;
        this.hop = hop;
        // Chromaprint keeps the window as float (FFTSample) and multiplies int16 * float in float.
        window = new float[frameSize];
        double scale = 2 * Math.PI / (frameSize - 1);
        for (int i = 0; i < frameSize; i++) window[i] = (float) ((0.54 - 0.46 * Math.cos(scale * i)) * (1.0 / Short.MAX_VALUE));
        minBin = Math.max(1, (int) Math.round((double) frameSize * MIN_FREQ / sampleRate));
        maxBin = Math.min(frameSize / 2, (int) Math.round((double) frameSize * MAX_FREQ / sampleRate));
        noteOfBin = new int[frameSize / 2 + 1];
        for (int i = minBin; i < maxBin; i++) {
            double freq = (double) i * sampleRate / frameSize;
            double octave = Math.log(freq / (440.0 / 16.0)) / Math.log(2.0);
            noteOfBin[i] = (int) (BANDS * (octave - Math.floor(octave)));
        }
        int runs = 0;
        for (int i = minBin; i < maxBin; i++) if (i == minBin || noteOfBin[i] != noteOfBin[i - 1]) runs++;
        runStart = new int[runs + 1];
        for (int i = minBin, r = 0; i < maxBin; i++) if (i == minBin || noteOfBin[i] != noteOfBin[i - 1]) runStart[r++] = i;
        runStart[runs] = maxBin;
    }

    /** Number of FFT frames for n samples. */
    int frames(int n) { return n < frameSize ? 0 : (n - frameSize) / hop + 1; }

    /** Rows of the image for n samples: one per frame after the filter has filled. */
    int rows(int n) { return Math.max(0, frames(n) - (FILTER.length - 1)); }

    /** The image, row-major (rows(n) x 12). */
    double[] build(short[] x) {
        int frames = frames(x.length);
        int rows = rows(x.length);
        double[] image = new double[rows * BANDS];
        if (rows == 0) return image;
        Fft fft = new Fft(frameSize);
        double[] frame = new double[frameSize];
        double[] power = new double[frameSize / 2 + 1];
        double[][] ring = new double[FILTER.length][BANDS];
        for (int f = 0; f < frames; f++) {
            int at = f * hop;
            for (int i = 0; i < frameSize; i++) frame[i] = x[at + i] * window[i];
            fft.power(frame, power, minBin, maxBin);
            double[] chroma = ring[f % FILTER.length];
            java.util.Arrays.fill(chroma, 0);
            // Bins in runs of one note: a running sum in a register, the same additions in the same
            // order as bin by bin into chroma[note] (not a chain through memory).
            for (int r = 0; r + 1 < runStart.length; r++) {
                int note = noteOfBin[runStart[r]];
                double sum = chroma[note];
                for (int i = runStart[r], end = runStart[r + 1]; i < end; i++) sum += power[i];
                chroma[note] = sum;
            }
            if (f < FILTER.length - 1) continue;
            int row = f - (FILTER.length - 1);
            int base = row * BANDS;
            for (int j = 0; j < FILTER.length; j++) {
                double[] past = ring[(f - (FILTER.length - 1) + j) % FILTER.length];
                double c = FILTER[j];
                for (int b = 0; b < BANDS; b++) image[base + b] += past[b] * c;
            }
            double squares = 0;
            for (int b = 0; b < BANDS; b++) squares += image[base + b] * image[base + b];
            double norm = squares > 0 ? Math.sqrt(squares) : 0;
            if (norm < 0.01) {
                java.util.Arrays.fill(image, base, base + BANDS, 0);
            } else {
                for (int b = 0; b < BANDS; b++) image[base + b] /= norm;
            }
        }
        return image;
    }
}
