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
    private final double[] cos; // e^(-2 pi i k / half) for the complex stage
    private final double[] sin;
    private final double[] splitCos; // e^(-2 pi i k / n) for the split
    private final double[] splitSin;
    private final double[] re;
    private final double[] im;

    RealFft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size " + n);
        this.n = n;
        this.half = n / 2;
        int bits = Integer.numberOfTrailingZeros(half);
        bitReverse = new int[half];
        for (int i = 0; i < half; i++) bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
        cos = new double[half / 2];
        sin = new double[half / 2];
        for (int k = 0; k < half / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / half);
            sin[k] = -Math.sin(2 * Math.PI * k / half);
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

    /** Writes |X[k]|^2 for k in [0, n/2] into power (length n/2 + 1). */
    void power(double[] frame, double[] power) {
        for (int i = 0; i < half; i++) {
            int j = bitReverse[i];
            re[j] = frame[2 * i];
            im[j] = frame[2 * i + 1];
        }
        for (int size = 2; size <= half; size <<= 1) {
            int h = size >> 1;
            int step = half / size;
            for (int start = 0; start < half; start += size) {
                for (int k = 0, t = 0; k < h; k++, t += step) {
                    int a = start + k, b = a + h;
                    double wr = cos[t], wi = sin[t];
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
        // Z = FFT of z[t] = x[2t] + i x[2t+1]; X[k] = E[k] + W^k O[k] with E, O from Z[k] and conj Z[half - k].
        double dc = re[0] + im[0];
        double nyquist = re[0] - im[0];
        power[0] = dc * dc;
        power[half] = nyquist * nyquist;
        for (int k = 1; k < half; k++) {
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
