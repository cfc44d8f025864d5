package dev.ersatz.engine.analysis.fingerprint;

/**
 * Power spectrum of a real frame of power-of-two length n: |X[k]|^2 for k = 0..n/2 with the
 * unnormalised DFT X[k] = sum x[t] e^(-2 pi i k t / n), the scale FFmpeg's av_rdft gives Chromaprint.
 * One complex FFT of n/2 points (radix 2, tables made once) plus the usual split into even and odd
 * halves. Not thread-safe: one instance per thread; no allocation per frame.
 */
final class RealFft {
    private final int n;
    private final int half;
    private final int[] bitReverse;
    /** e^(-i pi k / h) at [h + k] for each stage of half-size h. */
    private final double[] twRe;
    private final double[] twIm;
    private final double[] splitCos; // e^(-2 pi i k / n) for the split
    private final double[] splitSin;
    private final double[] re;
    private final double[] im;

    RealFft(int n) {
        if (n < 8 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size " + n);
        this.n = n;
        this.half = n / 2;
        int bits = Integer.numberOfTrailingZeros(half);
        bitReverse = new int[half];
        for (int i = 0; i < half; i++) bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
        twRe = new double[half];
        twIm = new double[half];
        for (int h = 1; h < half; h <<= 1) {
            for (int k = 0; k < h; k++) {
                twRe[h + k] = Math.cos(Math.PI * k / h);
                twIm[h + k] = -Math.sin(Math.PI * k / h);
            }
        }
        splitCos = new double[half];
        splitSin = new double[half];
        for (int k = 0; k < half; k++) {
            splitCos[k] = Math.cos(2 * Math.PI * k / n);
            splitSin[k] = -Math.sin(2 * Math.PI * k / n);
        }
        re = new double[half];
        im = new double[half];
    }

    private void butterfly(int a, int b, double wr, double wi) {
        double xr = re[b] * wr - im[b] * wi;
        double xi = re[b] * wi + im[b] * wr;
        double ar = re[a], ai = im[a];
        re[b] = ar - xr;
        im[b] = ai - xi;
        re[a] = ar + xr;
        im[a] = ai + xi;
    }

    /** Writes |X[k]|^2 for k in [0, n/2] into power (length n/2 + 1). */
    void power(double[] frame, double[] power) {
        power(frame, power, 0, half + 1);
    }

    /** Like {@link #power(double[], double[])} but only bins [from, to) are written (the rest is left as is). */
    void power(double[] frame, double[] power, int from, int to) {
        for (int i = 0; i < half; i++) {
            int j = bitReverse[i];
            re[j] = frame[2 * i];
            im[j] = frame[2 * i + 1];
        }
        // Stages 1 and 2 at once: radix-4 butterflies whose twiddles are 1 and -i (no multiplications).
        for (int a = 0; a + 3 < half; a += 4) {
            double r0 = re[a], i0 = im[a], r1 = re[a + 1], i1 = im[a + 1];
            double r2 = re[a + 2], i2 = im[a + 2], r3 = re[a + 3], i3 = im[a + 3];
            double sr = r0 + r1, si = i0 + i1, dr = r0 - r1, di = i0 - i1;
            double tr = r2 + r3, ti = i2 + i3, ur = r2 - r3, ui = i2 - i3;
            re[a] = sr + tr;
            im[a] = si + ti;
            re[a + 2] = sr - tr;
            im[a + 2] = si - ti;
            // (dr, di) + (-i)(ur, ui) and minus
            re[a + 1] = dr + ui;
            im[a + 1] = di - ur;
            re[a + 3] = dr - ui;
            im[a + 3] = di + ur;
        }
        // Stage 3 (h = 4): inner loop of four, so its twiddles are hoisted and the loop unrolled.
        double w1r = twRe[5], w1i = twIm[5], w2r = twRe[6], w2i = twIm[6], w3r = twRe[7], w3i = twIm[7];
        for (int a = 0; a < half; a += 8) {
            butterfly(a, a + 4, twRe[4], twIm[4]);
            butterfly(a + 1, a + 5, w1r, w1i);
            butterfly(a + 2, a + 6, w2r, w2i);
            butterfly(a + 3, a + 7, w3r, w3i);
        }
        // Remaining radix-2 stages; each stage's twiddles sit contiguously at [h, 2h).
        for (int h = 8; h < half; h <<= 1) {
            int size = h << 1;
            for (int start = 0; start < half; start += size) {
                for (int k = 0; k < h; k++) {
                    int a = start + k, b = a + h;
                    double wr = twRe[h + k], wi = twIm[h + k];
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    double ar = re[a], ai = im[a];
                    re[b] = ar - xr;
                    im[b] = ai - xi;
                    re[a] = ar + xr;
                    im[a] = ai + xi;
                }
            }
        }
        // Z = FFT of z[t] = x[2t] + i x[2t+1]; X[k] = E[k] + W^k O[k] with E, O from Z[k] and conj Z[half - k].
        double dc = re[0] + im[0];
        double nyquist = re[0] - im[0];
        if (from == 0) power[0] = dc * dc;
        if (to > half) power[half] = nyquist * nyquist;
        for (int k = Math.max(1, from), end = Math.min(half, to); k < end; k++) {
            double zr = re[k], zi = im[k];
            double cr = re[half - k], ci = -im[half - k];
            double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
            double or = 0.5 * (zi - ci), oi = -0.5 * (zr - cr); // (Z - conj Z') / 2i
            double wr = splitCos[k], wi = splitSin[k];
            double xr = er + (or * wr - oi * wi);
            double xi = ei + (or * wi + oi * wr);
            power[k] = xr * xr + xi * xi;
        }
    }
}
