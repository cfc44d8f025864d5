package dev.ersatz.engine.analysis;

/**
 * A real-input radix-2 FFT of one fixed size, in double. The n real samples are packed as n/2
 * complex values, transformed with an iterative complex FFT and unpacked into the n/2 + 1
 * non-negative-frequency bins. Twiddles and the bit-reversal table are computed once; a transform
 * allocates nothing. One instance per thread (it keeps work buffers).
 */
public final class Fft {
    private final int n, half;
    private final int[] reverse;
    private final double[] cos, sin;          // twiddles of the n/2-point FFT, stage by stage: stage of span h at [h − 1, 2h − 1)
    private final double[] unpackCos, unpackSin; // e^{-2πik/n}, k < n/2
    private final double[] re, im;

    public Fft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two ≥ 4, not " + n);
        this.n = n;
        this.half = n / 2;
        reverse = new int[half];
        int bits = Integer.numberOfTrailingZeros(half);
        for (int i = 0; i < half; i++) reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        cos = new double[Math.max(1, half)];
        sin = new double[Math.max(1, half)];
        for (int h = 1; h < half; h <<= 1) {
            for (int k = 0; k < h; k++) {
                cos[h - 1 + k] = Math.cos(Math.PI * k / h);
                sin[h - 1 + k] = -Math.sin(Math.PI * k / h);
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
    }

    public int size() { return n; }

    /** Bins 0..n/2 of the DFT Σ x[t]·e^{−2πikt/n} of {@code x[0..n)} into {@code outRe}, {@code outIm}. */
    public void forward(double[] x, double[] outRe, double[] outIm) {
        for (int i = 0; i < half; i++) {
            int j = reverse[i];
            re[j] = x[2 * i];
            im[j] = x[2 * i + 1];
        }
        int firstSpan = 1;
        if (half >= 4) {
            // Spans 1 and 2 together (a radix-4 pass): their twiddles are 1 and −i, no multiplications.
            for (int a = 0; a < half; a += 4) {
                double t0r = re[a] + re[a + 1], t0i = im[a] + im[a + 1];
                double t1r = re[a] - re[a + 1], t1i = im[a] - im[a + 1];
                double t2r = re[a + 2] + re[a + 3], t2i = im[a + 2] + im[a + 3];
                double t3r = re[a + 2] - re[a + 3], t3i = im[a + 2] - im[a + 3];
                re[a] = t0r + t2r;
                im[a] = t0i + t2i;
                re[a + 2] = t0r - t2r;
                im[a + 2] = t0i - t2i;
                re[a + 1] = t1r + t3i;
                im[a + 1] = t1i - t3r;
                re[a + 3] = t1r - t3i;
                im[a + 3] = t1i + t3r;
            }
            firstSpan = 4;
        } else if (half == 2) {
            double tr = re[1], ti = im[1];
            re[1] = re[0] - tr;
            im[1] = im[0] - ti;
            re[0] += tr;
            im[0] += ti;
            firstSpan = 2;
        }
        // Wider spans read their twiddles contiguously, so the inner loop streams.
        for (int h = firstSpan; h < half; h <<= 1) {
            int tw = h - 1, size = 2 * h;
            for (int start = 0; start < half; start += size) {
                for (int k = 0; k < h; k++) {
                    double wr = cos[tw + k], wi = sin[tw + k];
                    int a = start + k, b = a + h;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        // Z = FFT of x[even] + i·x[odd]; X[k] = E[k] + e^{−2πik/n}·O[k] with
        // E[k] = (Z[k] + conj Z[m−k]) / 2 and O[k] = (Z[k] − conj Z[m−k]) / 2i.
        outRe[0] = re[0] + im[0];
        outIm[0] = 0;
        outRe[half] = re[0] - im[0];
        outIm[half] = 0;
        for (int k = 1; k < half; k++) {
            double zr = re[k], zi = im[k], cr = re[half - k], ci = -im[half - k];
            double er = (zr + cr) / 2, ei = (zi + ci) / 2;
            double or = (zi - ci) / 2, oi = -(zr - cr) / 2;
            double wr = unpackCos[k], wi = unpackSin[k];
            outRe[k] = er + or * wr - oi * wi;
            outIm[k] = ei + or * wi + oi * wr;
        }
    }
}
