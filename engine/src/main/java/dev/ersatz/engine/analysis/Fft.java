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
    private final double[] cos, sin;          // twiddles of the n/2-point complex FFT
    private final double[] unpackCos, unpackSin; // e^{-2πik/n}, k < n/2
    private final double[] re, im;

    public Fft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two ≥ 4, not " + n);
        this.n = n;
        this.half = n / 2;
        reverse = new int[half];
        int bits = Integer.numberOfTrailingZeros(half);
        for (int i = 0; i < half; i++) reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        cos = new double[half / 2 + 1];
        sin = new double[half / 2 + 1];
        for (int k = 0; k < cos.length; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / half);
            sin[k] = -Math.sin(2 * Math.PI * k / half);
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
        for (int size = 2; size <= half; size <<= 1) {
            int step = half / size, h = size / 2;
            for (int start = 0; start < half; start += size) {
                for (int k = 0; k < h; k++) {
                    double wr = cos[k * step], wi = sin[k * step];
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
