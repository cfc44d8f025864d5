package dev.ersatz.engine.analysis;

/**
 * Integrated loudness per ITU-R BS.1770-4 / EBU R128, in LUFS. K-weighting is the standard's two
 * biquads (a high-frequency shelf, then an RLB high-pass), designed from their analog prototypes for
 * any sample rate (at 48 kHz they reproduce the coefficients printed in BS.1770). Mean squares over
 * 400 ms blocks every 100 ms (75% overlap), channel weights 1 (1.41 for the surround pair of a 5.1
 * file, 0 for its LFE), an absolute gate at −70 LUFS and a relative gate 10 LU below the loudness of
 * the blocks that passed it. Pure; runs on any thread.
 */
public final class Loudness {
    private Loudness() { }

    /** {b0, b1, b2, a1, a2} of the shelf and of the high-pass, for {@code rate} (a0 = 1). */
    public static double[][] kWeighting(int rate) {
        double f0 = 1681.974450955533, gainDb = 3.999843853973347, q = 0.7071752369554196;
        double k = Math.tan(Math.PI * f0 / rate);
        double vh = Math.pow(10, gainDb / 20), vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1 + k / q + k * k;
        double[] shelf = {
            (vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
            2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0};
        f0 = 38.13547087602444;
        q = 0.5003270373238773;
        k = Math.tan(Math.PI * f0 / rate);
        a0 = 1 + k / q + k * k;
        double[] highPass = {1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0};
        return new double[][] {shelf, highPass};
    }

    /** BS.1770's channel weights: 1, except a 6-channel (5.1: L R C LFE Ls Rs) file's LFE (0) and surrounds (1.41). */
    static double[] weights(int channels) {
        double[] g = new double[channels];
        java.util.Arrays.fill(g, 1);
        if (channels == 6) {
            g[3] = 0;
            g[4] = 1.41;
            g[5] = 1.41;
        }
        return g;
    }

    /** Integrated loudness in LUFS; −∞ when no 400 ms block passes the gates (silence, or shorter than 400 ms). */
    public static double integrated(float[][] channels, int rate) {
        double[] blocks = blockPowers(channels, rate);
        double absGate = Math.pow(10, (-70 + 0.691) / 10);
        double sum = 0;
        int count = 0;
        for (double z : blocks) {
            if (z > absGate) {
                sum += z;
                count++;
            }
        }
        if (count == 0) return Double.NEGATIVE_INFINITY;
        double relGate = sum / count * Math.pow(10, -10 / 10.0);
        sum = 0;
        count = 0;
        for (double z : blocks) {
            if (z > absGate && z > relGate) {
                sum += z;
                count++;
            }
        }
        return count == 0 ? Double.NEGATIVE_INFINITY : -0.691 + 10 * Math.log10(sum / count);
    }

    /** Σ_c G_c·mean(K-weighted x_c²) over each 400 ms block, blocks 100 ms apart. */
    static double[] blockPowers(float[][] channels, int rate) {
        int n = channels[0].length;
        int step = (int) Math.round(rate * 0.1);
        int blockSteps = 4;
        int steps = n / step;                       // whole 100 ms steps
        int blocks = Math.max(0, steps - blockSteps + 1);
        double[] stepPower = new double[steps];
        double[] g = weights(channels.length);
        double[][] k = kWeighting(rate);
        for (int c = 0; c < channels.length; c++) {
            if (g[c] == 0) continue;
            float[] x = channels[c];
            double[] s = k[0], h = k[1];
            double s1 = 0, s2 = 0, h1 = 0, h2 = 0; // transposed direct form II states
            for (int st = 0; st < steps; st++) {
                double acc = 0;
                for (int i = st * step, end = i + step; i < end; i++) {
                    double in = x[i];
                    double y = s[0] * in + s1;
                    s1 = s[1] * in - s[3] * y + s2;
                    s2 = s[2] * in - s[4] * y;
                    double z = y + h1;               // high-pass: b = 1, −2, 1
                    h1 = -2 * y - h[3] * z + h2;
                    h2 = y - h[4] * z;
                    acc += z * z;
                }
                stepPower[st] += g[c] * acc;
            }
        }
        double[] out = new double[blocks];
        double norm = 1.0 / (blockSteps * step);
        for (int b = 0; b < blocks; b++) {
            double sum = 0;
            for (int j = 0; j < blockSteps; j++) sum += stepPower[b + j];
            out[b] = sum * norm;
        }
        return out;
    }
}
