package dev.ersatz.engine.analysis;

/**
 * The project's FFT: a real-input FFT of one fixed power-of-two size n, in double. The n real samples
 * are packed as n/2 complex values z[t] = x[2t] + i·x[2t+1], transformed by an iterative radix-4
 * complex FFT (decimation in time; one multiplication-free radix-2 or radix-4 pass first, fused with
 * the bit-reversed read of the input) and unpacked into the n/2 + 1 non-negative-frequency bins of the
 * unnormalised DFT X[k] = Σ x[t]·e^{−2πikt/n}. Radix 4 needs 3 complex multiplications where two
 * radix-2 passes need 4, and half the passes over the data. Twiddles and the bit-reversal table are
 * computed once; a transform allocates nothing. Not thread-safe: one instance per thread (it keeps
 * work buffers); runs on whichever worker or control thread owns it.
 */
public final class Fft {
    private final int n, half;
    private final int[] reverse;
    /** True when log2(n/2) is odd: the first pass is radix 2, every later one radix 4. */
    private final boolean radix2First;
    /**
     * The radix-4 passes' twiddles, pass after pass: for a pass joining blocks of span L, for each
     * k &lt; L the pairs w^{2k}, w^k, w^{3k} (w = e^{−2πi/4L}), the factors of the second, third and
     * fourth block.
     */
    private final double[] twiddles;
    private final double[] unpackCos, unpackSin; // e^{−2πik/n}, k < n/2
    private final double[] re, im;
    /** {@link #inverse}'s packed half-size spectrum, interleaved (re, im). */
    private final double[] packed;

    public Fft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two ≥ 4, not " + n);
        this.n = n;
        this.half = n / 2;
        int bits = Integer.numberOfTrailingZeros(half);
        reverse = new int[half];
        for (int i = 0; i < half; i++) reverse[i] = Integer.reverse(i) >>> (32 - bits);
        radix2First = bits % 2 == 1;
        int size = 0;
        for (int span = radix2First ? 2 : 4; span < half; span *= 4) size += 6 * span;
        twiddles = new double[size];
        int t = 0;
        for (int span = radix2First ? 2 : 4; span < half; span *= 4) {
            for (int k = 0; k < span; k++) {
                double a = -2 * Math.PI * k / (4.0 * span);
                twiddles[t++] = Math.cos(2 * a);
                twiddles[t++] = Math.sin(2 * a);
                twiddles[t++] = Math.cos(a);
                twiddles[t++] = Math.sin(a);
                twiddles[t++] = Math.cos(3 * a);
                twiddles[t++] = Math.sin(3 * a);
            }
        }
        unpackCos = new double[half];
        unpackSin = new double[half];
        for (int k = 0; k < half; k++) {
            unpackCos[k] = Math.cos(2 * Math.PI * k / n);
            unpackSin[k] = -Math.sin(2 * Math.PI * k / n);
        }
        re = new double[half];
        im = new double[half];
        packed = new double[n];
    }

    public int size() { return n; }

    /** Bins 0..n/2 of the DFT of {@code x[0..n)} into {@code outRe}, {@code outIm} (each at least n/2 + 1 long). */
    public void forward(double[] x, double[] outRe, double[] outIm) {
        transform(x);
        outRe[0] = re[0] + im[0];
        outIm[0] = 0;
        outRe[half] = re[0] - im[0];
        outIm[half] = 0;
        // Z = FFT of z; X[k] = E[k] + e^{−2πik/n}·O[k] with
        // E[k] = (Z[k] + conj Z[m−k]) / 2 and O[k] = (Z[k] − conj Z[m−k]) / 2i.
        for (int k = 1; k < half; k++) {
            double zr = re[k], zi = im[k], cr = re[half - k], ci = -im[half - k];
            double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
            double or = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);
            double wr = unpackCos[k], wi = unpackSin[k];
            outRe[k] = er + (or * wr - oi * wi);
            outIm[k] = ei + (or * wi + oi * wr);
        }
    }

    /** |X[k]|² for k = 0..n/2 into {@code power} (at least n/2 + 1 long). */
    public void power(double[] x, double[] power) {
        power(x, power, 0, half + 1);
    }

    /** Like {@link #power(double[], double[])}, but only bins [from, to) are computed and written; the rest of {@code power} is left as it is. */
    public void power(double[] x, double[] power, int from, int to) {
        transform(x);
        if (from == 0) {
            double dc = re[0] + im[0];
            power[0] = dc * dc;
        }
        if (to > half) {
            double nyquist = re[0] - im[0];
            power[half] = nyquist * nyquist;
        }
        for (int k = Math.max(1, from), end = Math.min(half, to); k < end; k++) {
            double zr = re[k], zi = im[k], cr = re[half - k], ci = -im[half - k];
            double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
            double or = 0.5 * (zi - ci), oi = -0.5 * (zr - cr);
            double wr = unpackCos[k], wi = unpackSin[k];
            double xr = er + (or * wr - oi * wi);
            double xi = ei + (or * wi + oi * wr);
            power[k] = xr * xr + xi * xi;
        }
    }

    /**
     * The real signal {@code x[0..n)} whose DFT has bins 0..n/2 {@code inRe}, {@code inIm} (the
     * inverse of {@link #forward}, normalised: forward then inverse gives x back). The imaginary parts
     * of bins 0 and n/2 are ignored (a real signal's are 0). Allocates nothing.
     */
    public void inverse(double[] inRe, double[] inIm, double[] x) {
        // Undo forward's unpacking: E[k] = (X[k] + conj X[m−k]) / 2 and O[k] = (X[k] − conj X[m−k]) / (2·e^{−2πik/n})
        // are the DFTs of the even and odd samples, Z[k] = E[k] + i·O[k] that of z[t] = x[2t] + i·x[2t+1].
        // The inverse DFT of Z is conj(DFT(conj Z)) / m, and transform computes a forward DFT.
        for (int k = 0; k < half; k++) {
            double xr = inRe[k], xi = k == 0 ? 0 : inIm[k];
            double cr = inRe[half - k], ci = k == 0 ? 0 : -inIm[half - k];
            double er = 0.5 * (xr + cr), ei = 0.5 * (xi + ci);
            double dr = 0.5 * (xr - cr), di = 0.5 * (xi - ci);
            double wr = unpackCos[k], wi = -unpackSin[k]; // e^{+2πik/n}
            double or = dr * wr - di * wi, oi = dr * wi + di * wr;
            packed[2 * k] = er - oi;        // Re Z = Re E − Im O
            packed[2 * k + 1] = -(ei + or); // −Im Z, Im Z = Im E + Re O
        }
        transform(packed);
        double scale = 1.0 / half;
        for (int t = 0; t < half; t++) {
            x[2 * t] = re[t] * scale;
            x[2 * t + 1] = -im[t] * scale;
        }
    }

    /** The complex FFT of z[t] = x[2t] + i·x[2t+1], t &lt; n/2, into re, im (natural order). */
    private void transform(double[] x) {
        int[] rev = reverse;
        int span;
        if (radix2First) {
            // Read in bit-reversed order and join pairs (span 1): the twiddle is 1.
            for (int i = 0; i < half; i += 2) {
                int a = 2 * rev[i], b = 2 * rev[i + 1];
                double ar = x[a], ai = x[a + 1], br = x[b], bi = x[b + 1];
                re[i] = ar + br;
                im[i] = ai + bi;
                re[i + 1] = ar - br;
                im[i + 1] = ai - bi;
            }
            span = 2;
        } else {
            // Read in bit-reversed order and join quadruples (span 1): twiddles 1 and −i only.
            for (int i = 0; i < half; i += 4) {
                int a = 2 * rev[i], b = 2 * rev[i + 1], c = 2 * rev[i + 2], d = 2 * rev[i + 3];
                double sr = x[a] + x[b], si = x[a + 1] + x[b + 1], dr = x[a] - x[b], di = x[a + 1] - x[b + 1];
                double tr = x[c] + x[d], ti = x[c + 1] + x[d + 1], ur = x[c] - x[d], ui = x[c + 1] - x[d + 1];
                re[i] = sr + tr;
                im[i] = si + ti;
                re[i + 2] = sr - tr;
                im[i + 2] = si - ti;
                re[i + 1] = dr + ui;
                im[i + 1] = di - ur;
                re[i + 3] = dr - ui;
                im[i + 3] = di + ur;
            }
            span = 4;
        }
        double[] w = twiddles;
        for (int t0 = 0; span < half; t0 += 6 * span, span *= 4) {
            int quad = 4 * span;
            // k outside, blocks inside: each k's twiddles are loaded once per pass, and the inner loop
            // stays long when the span is short (measured: about 15% faster than blocks outside).
            for (int k = 0, t = t0; k < span; k++, t += 6) {
                double c1r = w[t], c1i = w[t + 1], c2r = w[t + 2], c2i = w[t + 3], c3r = w[t + 4], c3i = w[t + 5];
                for (int g = k; g < half; g += quad) butterfly4(g, span, c1r, c1i, c2r, c2i, c3r, c3i);
            }
        }
    }

    /**
     * One radix-4 butterfly on the blocks at i0, i0 + span, + 2·span, + 3·span, the last three
     * multiplied by c1, c2, c3 first: X0 = (P0 + t1) + (t2 + t3), X2 = (P0 + t1) − (t2 + t3),
     * X1 = (P0 − t1) − i(t2 − t3), X3 = (P0 − t1) + i(t2 − t3).
     */
    private void butterfly4(int i0, int span, double c1r, double c1i, double c2r, double c2i, double c3r, double c3i) {
        int i1 = i0 + span, i2 = i1 + span, i3 = i2 + span;
        double p1r = re[i1], p1i = im[i1], p2r = re[i2], p2i = im[i2], p3r = re[i3], p3i = im[i3];
        double t1r = p1r * c1r - p1i * c1i, t1i = p1r * c1i + p1i * c1r;
        double t2r = p2r * c2r - p2i * c2i, t2i = p2r * c2i + p2i * c2r;
        double t3r = p3r * c3r - p3i * c3i, t3i = p3r * c3i + p3i * c3r;
        double p0r = re[i0], p0i = im[i0];
        double s0r = p0r + t1r, s0i = p0i + t1i, d0r = p0r - t1r, d0i = p0i - t1i;
        double s1r = t2r + t3r, s1i = t2i + t3i, d1r = t2r - t3r, d1i = t2i - t3i;
        re[i0] = s0r + s1r;
        im[i0] = s0i + s1i;
        re[i2] = s0r - s1r;
        im[i2] = s0i - s1i;
        re[i1] = d0r + d1i;
        im[i1] = d0i - d1r;
        re[i3] = d0r - d1i;
        im[i3] = d0i + d1r;
    }
}
