package dev.ersatz.engine.model;

import dev.ersatz.engine.analysis.Fft;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Describes grains with a compact vector: log-mel band energies, loudness, spectral centroid and
 * flatness. The FFT runs in plain Java per grain; the mel projection, logs and statistics run in
 * ND4J over a whole batch of grains at once (never per grain). Worker/control thread only.
 */
public final class GrainDescriber {
    public static final int MEL_BANDS = 24;
    /** mel bands + loudness + centroid + flatness. */
    public static final int DIMS = MEL_BANDS + 3;
    /** Where the spectral centroid is in a descriptor. */
    public static final int CENTROID = MEL_BANDS + 1;

    private final int size;
    private final int rate;
    private final int bins;
    private final float[] window;
    private final INDArray melBank; // bins x MEL_BANDS
    private final INDArray binHz;   // bins x 1
    // describeOne's own buffers: one window at a time, in plain Java.
    private final float[] bank;     // bins x MEL_BANDS, row-major
    private final Fft oneFft;
    private final double[] oneFrame, onePower;
    private final double[] oneMel = new double[MEL_BANDS];

    public GrainDescriber(int grainSize, int sampleRate) {
        this.size = grainSize;
        this.rate = sampleRate;
        this.bins = grainSize / 2 + 1;
        this.window = GrainWindow.hann(grainSize);
        this.bank = melFilters(grainSize, sampleRate);
        this.melBank = Nd4j.create(bank, new long[] {bins, MEL_BANDS}, DataType.FLOAT);
        this.oneFft = new Fft(grainSize);
        this.oneFrame = new double[grainSize];
        this.onePower = new double[bins];
        float[] hz = new float[bins];
        for (int i = 0; i < bins; i++) hz[i] = (float) (i * (double) sampleRate / grainSize);
        this.binHz = Nd4j.create(hz, new long[] {bins, 1}, DataType.FLOAT);
    }

    /**
     * Descriptors of {@code count} grains starting at {@code starts[from..from+count)} in {@code audio[clips[i]]}.
     * Returns count x DIMS, row-major.
     */
    public float[] describe(float[][] audio, int[] clips, int[] starts, int from, int count) {
        float[] power = new float[count * bins];
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        if (threads > 1 && count >= 64) {
            int half = (count / 2) & ~1;
            Thread other = new Thread(() -> spectra(audio, clips, starts, from, 0, half, power), "ersatz-grain-fft");
            other.start();
            spectra(audio, clips, starts, from, half, count, power);
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        } else {
            spectra(audio, clips, starts, from, 0, count, power);
        }
        return features(power, count);
    }

    /**
     * The descriptor of one grain, {@code x[from..from+size)} (zeros past the end), into
     * {@code out[0..DIMS)}: the same figures as {@link #describe}, computed in plain Java with no
     * allocation, for a stream of single windows (live input units) where a batch of one through
     * ND4J would cost more than the arithmetic (JNI, its thread pool) and allocate per call.
     * One thread at a time per instance.
     */
    public void describeOne(float[] x, int from, float[] out) {
        for (int i = 0; i < size; i++) {
            int k = from + i;
            oneFrame[i] = k < x.length ? x[k] * window[i] : 0;
        }
        oneFft.power(oneFrame, onePower);
        java.util.Arrays.fill(oneMel, 0);
        double total = 0, weighted = 0, logSum = 0;
        for (int k = 0; k < bins; k++) {
            float p = (float) onePower[k];
            total += p;
            weighted += p * (double) (k * (double) rate / size);
            logSum += Math.log(p + 1e-9f);
            if (p == 0) continue;
            for (int m = 0, o = k * MEL_BANDS; m < MEL_BANDS; m++) oneMel[m] += p * (double) bank[o + m];
        }
        total += 1e-9f;
        for (int m = 0; m < MEL_BANDS; m++) out[m] = (float) Math.log(oneMel[m] + 1e-9f);
        double loud = Math.log(total / bins);
        out[MEL_BANDS] = (float) loud;
        out[CENTROID] = (float) (weighted / total / (rate / 2f));
        out[MEL_BANDS + 2] = (float) Math.exp(logSum / bins - loud);
    }

    /**
     * Power spectra of grains [a, b) of the batch into {@code power}, one real FFT per grain (the
     * project's {@link Fft}; one instance per call, as it keeps work buffers and two threads run this).
     */
    private void spectra(float[][] audio, int[] clips, int[] starts, int from, int a, int b, float[] power) {
        Fft fft = new Fft(size);
        double[] frame = new double[size];
        double[] p = new double[bins];
        for (int g = a; g < b; g++) {
            load(audio, clips[from + g], starts[from + g], frame);
            fft.power(frame, p);
            for (int k = 0, o = g * bins; k < bins; k++) power[o + k] = (float) p[k];
        }
    }

    private void load(float[][] audio, int clip, int start, double[] into) {
        float[] x = audio[clip];
        for (int i = 0; i < size; i++) {
            int k = start + i;
            into[i] = k < x.length ? x[k] * window[i] : 0;
        }
    }

    private float[] features(float[] power, int count) {
        try (INDArray p = Nd4j.create(power, new long[] {count, bins}, DataType.FLOAT)) {
            INDArray mel = Transforms.log(p.mmul(melBank).addi(1e-9f), false);         // count x M
            INDArray total = p.sum(true, 1).addi(1e-9f);                               // count x 1
            INDArray loud = Transforms.log(total.div(bins), true);                      // count x 1
            INDArray centroid = p.mmul(binHz).divi(total).divi(rate / 2f);              // count x 1 in [0,1]
            INDArray logMean = Transforms.log(p.add(1e-9f), false).mean(true, 1);        // geometric mean (log)
            INDArray flat = Transforms.exp(logMean.sub(Transforms.log(total.div(bins), true)), false); // count x 1
            INDArray all = Nd4j.hstack(mel, loud, centroid, flat);
            return all.castTo(DataType.FLOAT).dup('c').data().asFloat();
        }
    }

    /** Triangular mel filters from 40 Hz to min(16 kHz, Nyquist), row-major bins x MEL_BANDS. */
    static float[] melFilters(int n, int rate) {
        int bins = n / 2 + 1;
        double lo = mel(40), hi = mel(Math.min(16000, rate / 2.0));
        double[] edges = new double[MEL_BANDS + 2];
        for (int i = 0; i < edges.length; i++) edges[i] = hz(lo + (hi - lo) * i / (MEL_BANDS + 1));
        float[] f = new float[bins * MEL_BANDS];
        for (int b = 0; b < bins; b++) {
            double h = b * (double) rate / n;
            for (int m = 0; m < MEL_BANDS; m++) {
                double l = edges[m], c = edges[m + 1], r = edges[m + 2];
                double w = h <= l || h >= r ? 0 : h <= c ? (h - l) / (c - l) : (r - h) / (r - c);
                f[b * MEL_BANDS + m] = (float) w;
            }
        }
        return f;
    }

    private static double mel(double hz) { return 2595 * Math.log10(1 + hz / 700); }

    private static double hz(double mel) { return 700 * (Math.pow(10, mel / 2595) - 1); }
}
