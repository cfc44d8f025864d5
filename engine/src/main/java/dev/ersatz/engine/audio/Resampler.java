package dev.ersatz.engine.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion: a polyphase windowed-sinc filter (Kaiser window).
 *
 * <p>Design, relative to the lower of the two Nyquist frequencies N: pass band flat to 0.9 N,
 * stop band from N on with at least 90 dB attenuation (designed for 100 dB, β ≈ 10.1), cutoff
 * (−6 dB) at 0.95 N. Nothing that would alias survives above the noise floor of 24-bit audio; the top
 * 10% below the new Nyquist is given up for that (the same trade sox's default quality makes).
 *
 * <p>Output sample i sits at input time i · from / to exactly (integer arithmetic, no drift over
 * hours), sample 0 on sample 0; the filter is symmetric, so there is no delay. Samples outside the
 * input count as zero. For rates whose reduced ratio to/from has at most {@value #MAX_EXACT_PHASES}
 * phases (every common pair: 44.1k↔48k has 160) each phase has its own exact coefficient row;
 * otherwise rows are interpolated linearly from a {@value #MAX_EXACT_PHASES}-phase table
 * (coefficient error below −120 dB).
 *
 * <p>Tables are computed once per rate pair and shared; {@link #resample} is thread-safe and may be
 * called from any worker or control thread (it allocates its output, so not from the audio thread).
 */
public final class Resampler {
    /** Stop-band attenuation the Kaiser window is designed for, dB. */
    static final double DESIGN_DB = 100;
    /** Transition band width as a fraction of the lower Nyquist frequency. */
    static final double TRANSITION = 0.1;
    static final int MAX_EXACT_PHASES = 1024;

    private static final Map<Long, Resampler> TABLES = new ConcurrentHashMap<>();

    private final int up;        // L: output steps per `down` input steps
    private final int down;      // M
    private final int phases;    // rows in the table
    private final boolean exact; // phases == up: one row per output phase, no interpolation
    private final int taps;      // coefficients per row (2K)
    private final int half;      // K: taps reach from n-K+1 to n+K around input sample n
    private final float[] table; // (phases + 1) rows of `taps`, row-major; the extra row is phase 1.0

    private Resampler(int fromRate, int toRate) {
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        this.exact = up <= MAX_EXACT_PHASES;
        this.phases = exact ? up : MAX_EXACT_PHASES;
        double lowRate = Math.min(fromRate, toRate);
        // The kernel lives in units of input samples. Its cutoff as a fraction of the input Nyquist:
        double r = (1 - TRANSITION / 2) * lowRate / fromRate;
        // Kaiser's estimate of the length for DESIGN_DB over a transition of TRANSITION·N (in low-rate samples).
        double lengthLow = (DESIGN_DB - 7.95) / (14.36 * TRANSITION / 2);
        double halfWidth = lengthLow / 2 * fromRate / lowRate; // in input samples
        this.half = (int) Math.ceil(halfWidth);
        this.taps = 2 * half;
        double beta = 0.1102 * (DESIGN_DB - 8.7);
        double i0Beta = besselI0(beta);
        this.table = new float[(phases + 1) * taps];
        for (int p = 0; p <= phases; p++) {
            double phi = p / (double) phases;
            double[] row = new double[taps];
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                double x = phi + half - 1 - j; // input time of the output sample minus that of tap j
                double h = 0;
                if (Math.abs(x) < halfWidth) {
                    double w = x / halfWidth;
                    h = r * sinc(r * x) * besselI0(beta * Math.sqrt(1 - w * w)) / i0Beta;
                }
                row[j] = h;
                sum += h;
            }
            // Unity gain at DC in every phase, so a constant stays exactly constant.
            for (int j = 0; j < taps; j++) table[p * taps + j] = (float) (row[j] / sum);
        }
    }

    /** {@code in} converted to {@code targetRate}, or {@code in} itself when the rates already match. */
    public static AudioData resample(AudioData in, int targetRate) {
        if (in.sampleRate() == targetRate) return in;
        Resampler rs = forRates(in.sampleRate(), targetRate);
        float[][] out = new float[in.channelCount()][];
        for (int c = 0; c < out.length; c++) out[c] = rs.process(in.channels()[c]);
        return new AudioData(out, targetRate);
    }

    /** One channel converted from {@code fromRate} to {@code toRate}: round(n · to / from) samples (a copy when the rates match). */
    public static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " → " + toRate);
        if (fromRate == toRate) return in.clone();
        return forRates(fromRate, toRate).process(in);
    }

    static Resampler forRates(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " → " + toRate);
        return TABLES.computeIfAbsent(((long) fromRate << 32) | toRate, k -> new Resampler(fromRate, toRate));
    }

    /** Output length for n input samples: round(n · up / down), exactly, in integers. */
    static int outputLength(long n, int up, int down) {
        long len = (n * up * 2 + down) / (2L * down);
        if (len > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("resampled signal too long: " + len + " samples");
        return (int) len;
    }

    private float[] process(float[] in) {
        int n = in.length;
        float[] out = new float[outputLength(n, up, down)];
        int taps = this.taps;
        float[] t = table;
        for (int i = 0; i < out.length; i++) {
            long pos = (long) i * down;
            int base = (int) (pos / up) - half + 1;     // first input sample under the kernel
            int frac = (int) (pos % up);                 // phase, in 1/up of an input sample
            int row;
            float mix = 0;
            if (exact) {
                row = frac * taps;
            } else {
                double where = frac * (double) phases / up;
                int p = (int) where;
                mix = (float) (where - p);
                row = p * taps;
            }
            if (base >= 0 && base + taps <= n) {
                out[i] = exact ? dot(in, base, t, row, taps)
                        : blend(dot(in, base, t, row, taps), dot(in, base, t, row + taps, taps), mix);
            } else {
                out[i] = exact ? dotClipped(in, base, t, row, taps)
                        : blend(dotClipped(in, base, t, row, taps), dotClipped(in, base, t, row + taps, taps), mix);
            }
        }
        return out;
    }

    private static float blend(float a, float b, float mix) { return a + (b - a) * mix; }

    /** Four independent sums, so the CPU can overlap the multiply-adds. */
    private static float dot(float[] x, int xi, float[] h, int hi, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[xi + j] * h[hi + j];
            s1 += x[xi + j + 1] * h[hi + j + 1];
            s2 += x[xi + j + 2] * h[hi + j + 2];
            s3 += x[xi + j + 3] * h[hi + j + 3];
        }
        for (; j < n; j++) s0 += x[xi + j] * h[hi + j];
        return (s0 + s1) + (s2 + s3);
    }

    /** The kernel hangs over an end of the input: the missing samples are zero. */
    private static float dotClipped(float[] x, int xi, float[] h, int hi, int n) {
        int from = Math.max(0, -xi);
        int to = Math.min(n, x.length - xi);
        float s = 0;
        for (int j = from; j < to; j++) s += x[xi + j] * h[hi + j];
        return s;
    }

    private static double sinc(double x) {
        if (x == 0) return 1;
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0 (power series; converges fast for the β used). */
    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
