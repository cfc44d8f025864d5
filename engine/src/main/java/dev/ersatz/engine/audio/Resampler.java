package dev.ersatz.engine.audio;

import dev.ersatz.engine.util.IntMath;
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
        int g = IntMath.gcd(fromRate, toRate);
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
        // The kernel spans 128 output periods; beyond this ratio its table alone would need gigabytes.
        if (fromRate / toRate > 1024) throw new IllegalArgumentException("cannot downsample by more than 1024×: " + fromRate + " → " + toRate);
        return TABLES.computeIfAbsent(((long) fromRate << 32) | toRate, k -> new Resampler(fromRate, toRate));
    }

    /** Output length for n input samples: round(n · up / down), exactly, in integers. */
    static int outputLength(long n, int up, int down) {
        long len = (n * up * 2 + down) / (2L * down);
        if (len > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("resampled signal too long: " + len + " samples");
        return (int) len;
    }

    private float[] process(float[] in) {
        float[] out = new float[outputLength(in.length, up, down)];
        if (!exact) {
            for (int i = 0; i < out.length; i++) out[i] = one(in, i);
            return out;
        }
        // Outputs i, i + up, i + 2·up, ... share a coefficient row and read inputs exactly `down` apart: eight of
        // them are computed together, each coefficient loaded once for eight multiply-adds. Blocks of 8·up
        // consecutive outputs keep the inputs they read in cache.
        int n = in.length;
        int group = 8 * up;
        for (int start = 0; start < out.length; start += group) {
            for (int q = 0; q < up; q++) {
                int i0 = start + q;
                if (i0 >= out.length) break;
                long pos = (long) i0 * down;
                int base = (int) (pos / up) - half + 1;
                if (i0 + 7L * up < out.length && base >= 0 && base + 7L * down + taps <= n) {
                    eight(in, base, table, (int) (pos % up) * taps, out, i0);
                } else {
                    for (int i = i0; i < Math.min(out.length, start + group); i += up) out[i] = one(in, i);
                }
            }
        }
        return out;
    }

    /** Output sample i on its own, near the ends of the input or for interpolated phases. */
    private float one(float[] in, int i) {
        long pos = (long) i * down;
        int base = (int) (pos / up) - half + 1;      // first input sample under the kernel
        int frac = (int) (pos % up);                 // phase, in 1/up of an input sample
        float[] t = table;
        boolean inside = base >= 0 && base + taps <= in.length;
        if (exact) {
            int row = frac * taps;
            return inside ? dot(in, base, t, row, taps) : dotClipped(in, base, t, row, taps);
        }
        double where = frac * (double) phases / up;
        int p = (int) where;
        float mix = (float) (where - p);
        int row = p * taps;
        float a = inside ? dot(in, base, t, row, taps) : dotClipped(in, base, t, row, taps);
        float b = inside ? dot(in, base, t, row + taps, taps) : dotClipped(in, base, t, row + taps, taps);
        return blend(a, b, mix);
    }

    /** Eight outputs out[i0 + k·up] from one coefficient row, reading x[base + k·down + j]. */
    private void eight(float[] x, int base, float[] h, int row, float[] out, int i0) {
        int d = down, n = taps;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int j = 0; j < n; j++) {
            float c = h[row + j];
            int p = base + j;
            s0 += x[p] * c;
            s1 += x[p + d] * c;
            s2 += x[p + 2 * d] * c;
            s3 += x[p + 3 * d] * c;
            s4 += x[p + 4 * d] * c;
            s5 += x[p + 5 * d] * c;
            s6 += x[p + 6 * d] * c;
            s7 += x[p + 7 * d] * c;
        }
        int u = up;
        out[i0] = s0;
        out[i0 + u] = s1;
        out[i0 + 2 * u] = s2;
        out[i0 + 3 * u] = s3;
        out[i0 + 4 * u] = s4;
        out[i0 + 5 * u] = s5;
        out[i0 + 6 * u] = s6;
        out[i0 + 7 * u] = s7;
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
}
