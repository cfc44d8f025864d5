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
    /** The gating block: a clip shorter than this has no integrated loudness at all. */
    public static final int WINDOW_MS = 400;

    private Loudness() { }

    /** Whether {@code frames} at {@code rate} hold at least one whole 400 ms block (four 100 ms steps). */
    public static boolean holdsAWindow(long frames, int rate) {
        long step = Math.round(rate * 0.1);
        return step > 0 && frames / step >= WINDOW_MS / 100;
    }

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
        // Channels go through the filters two at a time: the recursions of two channels are
        // independent, so the processor overlaps them instead of waiting on one chain.
        for (int c = 0; c < channels.length; c += 2) {
            int d = c + 1 < channels.length ? c + 1 : c;
            double gc = g[c], gd = d == c ? 0 : g[d];
            if (gc == 0 && gd == 0) continue;
            float[] x = channels[c], w = channels[d];
            double[] s = k[0], h = k[1];
            double xs1 = 0, xs2 = 0, xh1 = 0, xh2 = 0, ws1 = 0, ws2 = 0, wh1 = 0, wh2 = 0; // transposed direct form II
            for (int st = 0; st < steps; st++) {
                double accX = 0, accW = 0;
                for (int i = st * step, end = i + step; i < end; i++) {
                    double in = x[i], iw = w[i];
                    double y = s[0] * in + xs1, yw = s[0] * iw + ws1;
                    xs1 = s[1] * in - s[3] * y + xs2;
                    ws1 = s[1] * iw - s[3] * yw + ws2;
                    xs2 = s[2] * in - s[4] * y;
                    ws2 = s[2] * iw - s[4] * yw;
                    double z = y + xh1, zw = yw + wh1;   // high-pass: b = 1, −2, 1
                    xh1 = -2 * y - h[3] * z + xh2;
                    wh1 = -2 * yw - h[3] * zw + wh2;
                    xh2 = y - h[4] * z;
                    wh2 = yw - h[4] * zw;
                    accX += z * z;
                    accW += zw * zw;
                }
                stepPower[st] += gc * accX + gd * accW;
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
