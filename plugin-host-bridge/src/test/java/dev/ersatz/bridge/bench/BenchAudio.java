package dev.ersatz.bridge.bench;

import dev.ersatz.engine.audio.AudioData;
import java.util.Random;

/**
 * Synthetic material for benchmarks (and the tests that need the same): notes of random pitch,
 * length and timbre over a noise bed that swells and fades over seconds, so no two stretches are alike.
 */
public final class BenchAudio {
    private BenchAudio() { }

    public static AudioData melody(double seconds, int rate, long seed) {
        Random r = new Random(seed);
        int frames = (int) (seconds * rate);
        float[] x = new float[frames];
        for (int at = 0; at < frames; ) {
            int len = (int) (rate * (0.12 + 0.5 * r.nextDouble()));
            double f = 150 * Math.pow(2, 2.7 * r.nextDouble()), decay = 1 + 6 * r.nextDouble(), h2 = r.nextDouble();
            int n = Math.min(len + rate / 4, frames - at);
            for (int i = 0; i < n; i++) {
                double t = i / (double) rate;
                double env = Math.min(1, t * 200) * Math.exp(-decay * t);
                x[at + i] += (float) (0.2 * env * (Math.sin(2 * Math.PI * f * t) + h2 * Math.sin(4 * Math.PI * f * t)));
            }
            at += len;
        }
        double bed = 0;
        for (int i = 0; i < frames; i++) {
            bed = 0.995 * bed + 0.005 * (2 * r.nextDouble() - 1);
            x[i] += (float) (0.6 * bed * (1 + Math.sin(2 * Math.PI * 0.13 * i / rate)));
        }
        return new AudioData(new float[][] {x}, rate);
    }
}
