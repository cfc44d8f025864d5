package dev.ersatz.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The FFT against the DFT's definition, computed directly. */
class FftTest {
    @Test
    void matchesTheDirectDftForEverySize() {
        Random r = new Random(3);
        for (int n = 4; n <= 4096; n *= 2) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
            double[] re = new double[n / 2 + 1], im = new double[n / 2 + 1], power = new double[n / 2 + 1];
            double[] part = new double[n / 2 + 1];
            java.util.Arrays.fill(part, -1);
            Fft fft = new Fft(n);
            fft.power(x, power);
            fft.power(x, part, 1, n / 4 + 1);
            fft.forward(x, re, im);
            fft.forward(x, re, im); // twice: no state may leak between transforms
            for (int k = 0; k <= n / 2; k++) {
                double dr = 0, di = 0;
                for (int t = 0; t < n; t++) {
                    dr += x[t] * Math.cos(2 * Math.PI * k * t / n);
                    di -= x[t] * Math.sin(2 * Math.PI * k * t / n);
                }
                assertEquals(dr, re[k], 1e-9 * n, "re n=" + n + " k=" + k);
                assertEquals(di, im[k], 1e-9 * n, "im n=" + n + " k=" + k);
                assertEquals(dr * dr + di * di, power[k], 1e-9 * n * (1 + dr * dr + di * di), "power n=" + n + " k=" + k);
                // a range of bins: those inside written, the rest left alone
                assertEquals(k >= 1 && k <= n / 4 ? power[k] : -1, part[k], "power bins [1, n/4] n=" + n + " k=" + k);
            }
        }
    }

    @Test
    void inverseGivesTheSignalBackForEverySize() {
        Random r = new Random(5);
        for (int n = 4; n <= 4096; n *= 2) {
            double[] x = new double[n], back = new double[n];
            for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
            double[] re = new double[n / 2 + 1], im = new double[n / 2 + 1];
            Fft fft = new Fft(n);
            fft.forward(x, re, im);
            fft.inverse(re, im, back);
            fft.inverse(re, im, back); // twice: no state may leak
            for (int t = 0; t < n; t++) assertEquals(x[t], back[t], 1e-12 * n, "n=" + n + " t=" + t);
        }
    }

    @Test
    void stftPutsASineInItsBinAtTheCentredFrames() {
        int rate = 44100, n = 44100;
        float[] x = new float[n];
        double hz = 100 * rate / 2048.0; // exactly bin 100
        for (int i = 0; i < n; i++) x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        Stft stft = new Stft(2048, 512);
        int[] frames = {0};
        stft.run(x, (f, p) -> {
            frames[0]++;
            if (f >= 2 && f <= 80) {
                int best = 0;
                for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
                assertEquals(100, best);
                // Hann window sum is n/2, so a unit sine's bin magnitude is n/4.
                assertEquals(2048 / 4.0, Math.sqrt(p[100]), 1.0);
            }
        });
        assertEquals(1 + n / 512, frames[0]);
    }
}
