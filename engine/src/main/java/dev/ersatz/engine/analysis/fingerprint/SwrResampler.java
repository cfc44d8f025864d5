package dev.ersatz.engine.analysis.fingerprint;

/**
 * The int16 polyphase resampler fpcalc runs before Chromaprint sees a sample: FFmpeg's libswresample
 * (engine "swr") in the "compatible mode" Chromaprint's FFmpeg reader configures: filter_size 16,
 * phase_shift 8, linear_interp 1, cutoff 0.8, Kaiser window (beta 9), exact_rational on, internal
 * format S16P. Reproduced integer for integer so that our 11025 Hz signal equals fpcalc's:
 * coefficients rounded to int16 with a sum of 1 &lt;&lt; 15, products summed in 32 bits, rounded with
 * +2^14 and shifted right by 15, clipped to int16. The stream start is mirrored (x[-n] = x[n]) as
 * swr does; the end is not flushed, because fpcalc never drains swr (see {@link #resample}). Runs on
 * whichever thread calls it; holds no state between calls.
 */
final class SwrResampler {
    private static final int FILTER_SIZE = 16;
    private static final int PHASE_SHIFT = 8;
    private static final double CUTOFF = 0.8;
    private static final double KAISER_BETA = 9;
    private static final int FILTER_SHIFT = 15;

    private final int phaseCount;
    private final int filterLength;
    /** Phase p's taps at [p * filterLength, (p + 1) * filterLength); phase phaseCount is the linear-interpolation partner of the last. */
    private final short[] bank;
    private final int srcIncr;
    private final int dstIncrDiv;
    private final int dstIncrMod;
    private final boolean linear;
    private final int inRate;
    private final int outRate;

    SwrResampler(int inRate, int outRate) {
        double factor = Math.min(outRate * CUTOFF / inRate, 1.0);
        int pc = 1 << PHASE_SHIFT;
        int length = Math.max((int) Math.ceil(FILTER_SIZE / factor), 1);
        if (length > 1) length = (length + 1) & ~1;
        // exact_rational: when out/in reduces to a numerator that fits, use exactly that many phases.
        long g = gcd(outRate, inRate);
        int exactNum = (int) (outRate / g);
        if (exactNum <= pc) pc = exactNum;
        this.phaseCount = pc;
        this.filterLength = length;
        this.bank = buildBank(factor, length, pc);
        long num = outRate;
        long den = (long) inRate * pc;
        long g2 = gcd(num, den);
        long src = num / g2;
        long dst = den / g2;
        if (src > Integer.MAX_VALUE / 2 || dst > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("resampling ratio " + inRate + " -> " + outRate + " is out of range");
        }
        while (dst < (1 << 20) && src < (1 << 20)) {
            dst *= 2;
            src *= 2;
        }
        this.srcIncr = (int) src;
        this.dstIncrDiv = (int) (dst / src);
        this.dstIncrMod = (int) (dst % src);
        this.linear = dstIncrMod != 0; // swr interpolates only when a fractional step exists
        this.inRate = inRate;
        this.outRate = outRate;
    }

    int filterLength() { return filterLength; }

    /** Resamples a whole int16 signal, as fpcalc's decode loop does. */
    short[] resample(short[] x) {
        int n = x.length;
        int half = (filterLength - 1) / 2;
        if (n <= filterLength) return new short[0]; // swr waits for filterLength + 1 samples; fpcalc's result would be empty anyway
        // Padded copy: filterLength mirrored samples in front (swr's invert_initial_buffer: x[-m] = x[m]).
        int pre = filterLength;
        short[] buf = new short[pre + n];
        for (int m = 1; m <= pre; m++) buf[pre - m] = x[m];
        System.arraycopy(x, 0, buf, pre, n);

        // First output: its window starts (filterLength - 1) / 2 samples before x[0], phase 0.
        long start = -half; // window start in x coordinates
        int index = 0;      // phase within [0, phaseCount)
        int frac = 0;
        short[] out = new short[(int) Math.min(Integer.MAX_VALUE - 64, (long) n * outRate / inRate + 64)];
        int produced = 0;
        // No flush: fpcalc 1.5.1 with FFmpeg 5 stops at the decoder's end-of-file "error" without
        // draining swr, so the output ends with the last window that fits inside the input (swr's own
        // flush would reflect the tail and add a few samples; measured against fpcalc, it must not).
        while (start + filterLength <= n) {
            if (produced == out.length) out = java.util.Arrays.copyOf(out, out.length * 2);
            int s = (int) (start + pre);
            int taps = index * filterLength;
            int val = 1 << (FILTER_SHIFT - 1);
            if (linear && frac != 0) {
                int v2 = val;
                int taps2 = taps + filterLength;
                for (int i = 0; i < filterLength; i++) {
                    int v = buf[s + i];
                    val += v * bank[taps + i];
                    v2 += v * bank[taps2 + i];
                }
                val += (int) ((long) (v2 - val) * frac / srcIncr);
            } else {
                for (int i = 0; i < filterLength; i++) val += buf[s + i] * bank[taps + i];
            }
            out[produced++] = clip16(val >> FILTER_SHIFT);
            frac += dstIncrMod;
            index += dstIncrDiv;
            if (frac >= srcIncr) {
                frac -= srcIncr;
                index++;
            }
            while (index >= phaseCount) {
                start++;
                index -= phaseCount;
            }
        }
        return java.util.Arrays.copyOf(out, produced);
    }

    private static short clip16(int v) {
        return (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : v < Short.MIN_VALUE ? Short.MIN_VALUE : v);
    }

    /**
     * swr's build_filter for S16P with a Kaiser window: phases 0..phaseCount/2 computed, the rest
     * mirrored (for an even count), every phase normalised by phase 0's sum, then the extra phase used
     * by linear interpolation (phase 0 shifted by one tap).
     */
    private static short[] buildBank(double factor, int taps, int phaseCount) {
        int stride = taps;
        short[] f = new short[stride * (phaseCount + 1)];
        int phases = phaseCount % 2 == 1 ? phaseCount : phaseCount / 2 + 1;
        int center = (taps - 1) / 2;
        double[] tab = new double[taps];
        double norm = 0;
        double scale = 1 << FILTER_SHIFT;
        for (int ph = 0; ph < phases; ph++) {
            for (int i = 0; i < taps; i++) {
                double x = Math.PI * ((double) (i - center) - (double) ph / phaseCount) * factor;
                double y = x == 0 ? 1.0 : Math.sin(x) / x;
                double w = 2.0 * x / (factor * taps * Math.PI);
                y *= besselI0(KAISER_BETA * Math.sqrt(Math.max(1 - w * w, 0)));
                tab[i] = y;
                if (ph == 0) norm += y;
            }
            for (int i = 0; i < taps; i++) {
                f[ph * stride + i] = clip16(lrintf((float) (tab[i] * scale / norm)));
            }
            if (phaseCount % 2 == 0) {
                for (int i = 0; i < taps; i++) f[(phaseCount - ph) * stride + taps - 1 - i] = f[ph * stride + i];
            }
        }
        // swr's copies for linear interpolation: phase "phaseCount" is phase 0 advanced by one sample.
        // (For an even phase count the mirror above already wrote it; swr then overwrites it so.)
        int last = phaseCount * stride;
        f[last] = 0; // swr copies filter_alloc-aligned memory; with taps % 8 != 0 the first value is padding (0)
        System.arraycopy(f, 0, f, last + 1, taps - 1);
        if (taps % 8 == 0) f[last] = f[taps - 1];
        return f;
    }

    /** lrintf: round half to even, as the C library does in the default rounding mode. */
    private static int lrintf(float v) {
        return (int) Math.rint(v);
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges fully for the window's range). */
    static double besselI0(double x) {
        double v = 1, last = 0, t = 1;
        double q = x * x / 4;
        for (int i = 1; v != last; i++) {
            last = v;
            t *= q / ((double) i * i);
            v += t;
        }
        return v;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
