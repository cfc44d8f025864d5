package dev.ersatz.engine.analysis.fingerprint;

import dev.ersatz.engine.util.IntMath;

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
    private final int[] bank;
    /** The same taps as longs, for the two-streams-in-one-long path. */
    private final long[] bankLong;
    /** True when no phase's 32-bit sum can overflow, so two streams can share a 64-bit accumulator. */
    private final boolean packable;
    /** Outputs per packed block: the block's window (about 4 x 2048 longs at 44.1 kHz) stays in cache. */
    private static final int BLOCK = 2048;
    private final int srcIncr;
    private final int dstIncrDiv;
    private final int dstIncrMod;
    private final boolean linear;

    SwrResampler(int inRate, int outRate) {
        double factor = Math.min(outRate * CUTOFF / inRate, 1.0);
        int pc = 1 << PHASE_SHIFT;
        int length = Math.max((int) Math.ceil(FILTER_SIZE / factor), 1);
        if (length > 1) length = (length + 1) & ~1;
        // exact_rational: when out/in reduces to a numerator that fits, use exactly that many phases.
        long g = IntMath.gcd(outRate, inRate);
        int exactNum = (int) (outRate / g);
        if (exactNum <= pc) pc = exactNum;
        this.phaseCount = pc;
        this.filterLength = length;
        this.bank = buildBank(factor, length, pc);
        this.bankLong = new long[bank.length];
        long worst = 0;
        for (int p = 0; p <= pc; p++) {
            long sum = 0;
            for (int i = 0; i < length; i++) sum += Math.abs(bank[p * length + i]);
            worst = Math.max(worst, sum);
        }
        for (int i = 0; i < bank.length; i++) bankLong[i] = bank[i];
        this.packable = worst * 32768 + (1 << FILTER_SHIFT) < Integer.MAX_VALUE;
        long num = outRate;
        long den = (long) inRate * pc;
        long g2 = IntMath.gcd(num, den);
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
    }

    /**
     * Resamples a whole signal, quantised to int16 as it is read ({@link FpcalcInput#int16}), as
     * fpcalc's decode loop does. The first output's window starts
     * (filterLength - 1) / 2 samples before x[0], at phase 0, over the mirrored start. There is no
     * flush: fpcalc 1.5.1 with FFmpeg 5 stops at the decoder's end-of-file "error" without draining
     * swr, so the output ends with the last window that fits inside the input (swr's own flush would
     * reflect the tail and add a few samples; measured against fpcalc, it must not).
     */
    short[] resample(float[] x) {
        int total = outputs(x.length);
        short[] out = new short[total];
        if (total == 0) return out;
        if (phaseCount == 1) {
            runDecimating(x, out);
            return out;
        }
        if (linear || !packable) {
            runLinear(x, out);
            return out;
        }
        // Two halves of one signal in one pass: output k and output k + half share a phase when half
        // is a whole number of phase periods, and their windows are `shift` samples apart.
        int period = phaseCount / (int) IntMath.gcd(dstIncrDiv, phaseCount);
        int half = total / 2 / period * period;
        long shift = (long) half * dstIncrDiv / phaseCount;
        runPacked(x, x, shift, 0, half, out, out, half);
        runPacked(x, x, 0, 2 * half, total, out, out, 0);
        return out;
    }

    /** Resamples two signals of the same length (the channels of a file) in one pass. */
    short[][] resample(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("channels differ in length");
        if (linear || !packable || phaseCount == 1) return new short[][] {resample(a), resample(b)};
        int total = outputs(a.length);
        short[] outA = new short[total], outB = new short[total];
        runPacked(a, b, 0, 0, total, outA, outB, 0);
        return new short[][] {outA, outB};
    }

    /**
     * Outputs per period after which a window again starts on a whole input sample at phase 0, so
     * that a signal can be resampled in segments that start there (with the same outputs as in one
     * piece); 0 when the step is fractional (swr's linear blend), where no such short period exists.
     */
    int alignedOutputs() { return linear ? 0 : phaseCount / (int) IntMath.gcd(dstIncrDiv, phaseCount); }

    /** Input samples the windows move over {@code outputs} outputs, a multiple of {@link #alignedOutputs}. */
    long inputAdvance(long outputs) { return outputs * dstIncrDiv / phaseCount; }

    /** Samples of the window before its centre: the first outputs' windows reach this far into the mirrored start. */
    int halfWindow() { return (filterLength - 1) / 2; }

    int filterLength() { return filterLength; }

    /** Phase p's int16 taps (a copy), p in [0, phases]. */
    int[] taps(int phase) {
        return java.util.Arrays.copyOfRange(bank, phase * filterLength, (phase + 1) * filterLength);
    }

    int phases() { return phaseCount; }

    /** How many outputs fit: k with window start -half + floor(k * step / phases) and window end within n. */
    private int outputs(int n) {
        if (n <= filterLength) return 0; // swr waits for filterLength + 1 samples before it starts
        if (linear) return countLinear(n);
        long last = n - filterLength + (filterLength - 1) / 2; // largest allowed floor(k * step / phases)
        return (int) (((last + 1) * phaseCount + dstIncrDiv - 1) / dstIncrDiv);
    }

    private int countLinear(int n) {
        int length = filterLength, half = (length - 1) / 2;
        long s = -half;
        int index = 0, frac = 0, k = 0;
        while (s + length <= n) {
            k++;
            frac += dstIncrMod;
            index += dstIncrDiv;
            if (frac >= srcIncr) {
                frac -= srcIncr;
                index++;
            }
            s += index / phaseCount;
            index %= phaseCount;
        }
        return k;
    }

    /**
     * swr's resample_common for outputs [from, to) of stream a, and the same outputs of stream b moved
     * by {@code shiftB} input samples, written at index + outOffsetB. Both int16 streams ride in one
     * long (a + b * 2^32): the low 32 bits of the 64-bit sum are a's int32 sum exactly, the high bits
     * b's, since no 32-bit sum can overflow (checked once: sum |h| * 32768 &lt; 2^31). Worked in blocks
     * so the packed window stays in cache.
     */
    private void runPacked(float[] a, float[] b, long shiftB, int from, int to, short[] outA, short[] outB, int outOffsetB) {
        int length = filterLength, half = (length - 1) / 2, phases = phaseCount, step = dstIncrDiv;
        long[] h = bankLong;
        long[] window = new long[BLOCK * (step / phases + 2) + length + 2];
        int stepWhole = step / phases, stepFrac = step % phases;
        for (int k0 = from; k0 < to; k0 += BLOCK) {
            int k1 = Math.min(to, k0 + BLOCK);
            long first = -half + (long) k0 * step / phases;
            long last = -half + (long) (k1 - 1) * step / phases;
            int span = (int) (last - first) + length;
            if (first < 0) {
                for (int j = 0; j < span; j++) {
                    long i = first + j;
                    window[j] = sample(a, i) + ((long) sample(b, i + shiftB) << 32);
                }
            } else {
                int ia = (int) first, ib = (int) (first + shiftB);
                for (int j = 0; j < span; j++) window[j] = FpcalcInput.int16(a[ia + j]) + ((long) FpcalcInput.int16(b[ib + j]) << 32);
            }
            long k0Step = (long) k0 * step;
            int pos = (int) (-half + k0Step / phases - first);
            int phase = (int) (k0Step % phases);
            for (int k = k0; k < k1; k++) {
                long v = dot(window, pos, h, phase * length, length);
                pos += stepWhole;
                phase += stepFrac;
                if (phase >= phases) {
                    phase -= phases;
                    pos++;
                }
                int lo = (int) v;
                int hi = (int) ((v - lo) >> 32);
                outA[k] = clip16((lo + (1 << (FILTER_SHIFT - 1))) >> FILTER_SHIFT);
                outB[k + outOffsetB] = clip16((hi + (1 << (FILTER_SHIFT - 1))) >> FILTER_SHIFT);
            }
        }
    }

    /**
     * swr's resample_common when the output rate divides the input rate (one phase, a whole step D:
     * 44.1 kHz -> 11025 Hz is D = 4): output k is sum_i h[i] x[D k - half + i]. Worked block by block
     * with the block's input split into D phase arrays, ph[p][j] = x[first + D j + p], so that with
     * i = D q + p the output is sum_q A_q[k + q], A_q[j] = sum_p h[D q + p] ph[p][j]. Horner's scheme
     * over q (acc = A_q + acc shifted left by one) keeps every array at the same index, the form the
     * JIT vectorises (it does not vectorise a load at an offset from the store). In int32 as swr sums:
     * the order of integer additions does not change the wrapped sum.
     */
    private void runDecimating(float[] x, short[] out) {
        int length = filterLength, half = (length - 1) / 2, d = dstIncrDiv;
        int groups = (length + d - 1) / d; // q = 0 .. groups - 1
        int block = DECIMATION_BLOCK;
        int span = block + groups - 1; // ph[p][0..span) covers every window of a block
        int[][] ph = new int[d][span];
        int[] acc = new int[span];
        int n = x.length;
        for (int k0 = 0; k0 < out.length; k0 += block) {
            int m = Math.min(out.length - k0, block);
            int used = m + groups - 1;
            long first = (long) d * k0 - half;
            // Columns j whose d samples all lie inside the input are read in one forward pass (d = 4
            // unrolled); the mirrored start and the end go sample by sample.
            int inLo = (int) Math.min(used, Math.max(0, (-first + d - 1) / d));
            int inHi = (int) Math.max(inLo, Math.min(used, (n - first) / d));
            if (d == 4) {
                int[] r0 = ph[0], r1 = ph[1], r2 = ph[2], r3 = ph[3];
                for (int j = inLo, i = (int) (first + 4L * inLo); j < inHi; j++, i += 4) {
                    r0[j] = FpcalcInput.int16(x[i]);
                    r1[j] = FpcalcInput.int16(x[i + 1]);
                    r2[j] = FpcalcInput.int16(x[i + 2]);
                    r3[j] = FpcalcInput.int16(x[i + 3]);
                }
            } else {
                for (int j = inLo, i = (int) (first + (long) d * inLo); j < inHi; j++) {
                    for (int p = 0; p < d; p++, i++) ph[p][j] = FpcalcInput.int16(x[i]);
                }
            }
            for (int j = 0; j < used; j++) {
                if (j == inLo) j = inHi;
                if (j >= used) break;
                for (int p = 0; p < d; p++) {
                    long i = first + (long) d * j + p;
                    // beyond the input: read only by taps past the filter's end, which are 0
                    ph[p][j] = i < 0 ? FpcalcInput.int16(x[(int) -i]) : i < n ? FpcalcInput.int16(x[(int) i]) : 0;
                }
            }
            java.util.Arrays.fill(acc, 0, used, 0);
            for (int q = groups - 1; q >= 0; q--) {
                int len = m + q;
                if (q < groups - 1) System.arraycopy(acc, 1, acc, 0, len);
                // Taps d*q .. d*q + d - 1, up to four per pass over acc (fewer loads and stores of acc).
                int p = 0;
                for (; p + 4 <= d; p += 4) {
                    int c0 = coefficient(q, p), c1 = coefficient(q, p + 1), c2 = coefficient(q, p + 2), c3 = coefficient(q, p + 3);
                    int[] r0 = ph[p], r1 = ph[p + 1], r2 = ph[p + 2], r3 = ph[p + 3];
                    for (int j = 0; j < len; j++) acc[j] += c0 * r0[j] + c1 * r1[j] + c2 * r2[j] + c3 * r3[j];
                }
                for (; p + 2 <= d; p += 2) {
                    int c0 = coefficient(q, p), c1 = coefficient(q, p + 1);
                    int[] r0 = ph[p], r1 = ph[p + 1];
                    for (int j = 0; j < len; j++) acc[j] += c0 * r0[j] + c1 * r1[j];
                }
                if (p < d) {
                    int c0 = coefficient(q, p);
                    int[] r0 = ph[p];
                    for (int j = 0; j < len; j++) acc[j] += c0 * r0[j];
                }
            }
            for (int k = 0; k < m; k++) out[k0 + k] = clip16((acc[k] + (1 << (FILTER_SHIFT - 1))) >> FILTER_SHIFT);
        }
    }

    /** Tap d*q + p of the one-phase filter, 0 past its end. */
    private int coefficient(int q, int p) {
        int i = dstIncrDiv * q + p;
        return i < filterLength ? bank[i] : 0;
    }

    /** Outputs per block of the decimating path: its D phase arrays and sums (about 5 x 4 KB at D = 4) stay in L1. */
    private static final int DECIMATION_BLOCK = 1024;

    /** x[i] with swr's mirrored start (x[-m] = x[m]). */
    private static int sample(float[] x, long i) {
        return FpcalcInput.int16(i < 0 ? x[(int) -i] : x[(int) i]);
    }

    private static long dot(long[] x, int s, long[] h, int t, int length) {
        long v = 0;
        for (int i = 0; i < length; i++) v += x[s + i] * h[t + i];
        return v;
    }

    /** swr's resample_linear (any phase step; blends each phase with the next by frac / src_incr when a fractional step exists). */
    private void runLinear(float[] x, short[] out) {
        int length = filterLength, half = (length - 1) / 2;
        int pre = length;
        int[] buf = new int[pre + x.length];
        for (int m = 1; m <= pre; m++) buf[pre - m] = FpcalcInput.int16(x[m]);
        for (int i = 0; i < x.length; i++) buf[pre + i] = FpcalcInput.int16(x[i]);
        int s = pre - half, index = 0, frac = 0;
        for (int k = 0; k < out.length; k++) {
            int taps = index * length;
            int val = dot(buf, s, bank, taps, length) + (1 << (FILTER_SHIFT - 1));
            if (frac != 0) {
                int v2 = dot(buf, s, bank, taps + length, length) + (1 << (FILTER_SHIFT - 1));
                val += (int) ((long) (v2 - val) * frac / srcIncr);
            }
            out[k] = clip16(val >> FILTER_SHIFT);
            frac += dstIncrMod;
            index += dstIncrDiv;
            if (frac >= srcIncr) {
                frac -= srcIncr;
                index++;
            }
            s += index / phaseCount;
            index %= phaseCount;
        }
    }

    /** Sum of x[s + i] * h[t + i] in 32-bit integers (wrapping as swr's int32 accumulator does). */
    private static int dot(int[] x, int s, int[] h, int t, int length) {
        int v = 0;
        for (int i = 0; i < length; i++) v += x[s + i] * h[t + i];
        return v;
    }

    private static short clip16(int v) {
        return (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : v < Short.MIN_VALUE ? Short.MIN_VALUE : v);
    }

    /**
     * swr's build_filter for S16P with a Kaiser window: phases 0..phaseCount/2 computed, the rest
     * mirrored (for an even count), every phase normalised by phase 0's sum, then the extra phase used
     * by linear interpolation (phase 0 shifted by one tap).
     */
    private static int[] buildBank(double factor, int taps, int phaseCount) {
        int stride = taps;
        int[] f = new int[stride * (phaseCount + 1)];
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
}
