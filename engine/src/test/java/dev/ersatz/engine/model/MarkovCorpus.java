package dev.ersatz.engine.model;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.testing.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test corpora with a known structure: units of distinct sounds (tones an octave apart, noise)
 * following a fixed first-order Markov chain, so a model has real statistics to learn.
 */
final class MarkovCorpus {
    static final double[][] TRANSITIONS = {
        {0.0, 0.7, 0.2, 0.1, 0.0},
        {0.1, 0.0, 0.6, 0.0, 0.3},
        {0.5, 0.0, 0.0, 0.5, 0.0},
        {0.0, 0.3, 0.3, 0.0, 0.4},
        {0.6, 0.0, 0.2, 0.2, 0.0},
    };

    private MarkovCorpus() { }

    /** {@code seconds} of units {@code unitMs} long, following {@link #TRANSITIONS} from unit 0. */
    static AudioData make(double seconds, int rate, int unitMs, long seed) {
        Random r = new Random(seed);
        int unit = rate * unitMs / 1000;
        int units = (int) Math.ceil(seconds * rate / unit);
        List<float[]> parts = new ArrayList<>();
        int state = 0;
        for (int u = 0; u < units; u++) {
            parts.add(sound(state, unit, rate, r.nextLong()));
            double x = r.nextDouble();
            int next = 0;
            while (next < 4 && (x -= TRANSITIONS[state][next]) >= 0) next++;
            state = next;
        }
        return new AudioData(new float[][] {Signals.concat(parts.toArray(new float[0][]))}, rate);
    }

    private static float[] sound(int s, int frames, int rate, long seed) {
        return switch (s) {
            case 0 -> Signals.sine(220, 0.5, frames, rate);
            case 1 -> Signals.sine(587, 0.4, frames, rate);
            case 2 -> Signals.sine(1480, 0.3, frames, rate);
            case 3 -> Signals.sine(3520, 0.2, frames, rate);
            default -> Signals.noise(0.3, frames, seed);
        };
    }

    /** Music-like material: no two stretches alike, so a fingerprint can tell a copy from new material. */
    static AudioData music(double seconds, int rate, long seed) {
        return new AudioData(new float[][] {Signals.music((int) (seconds * rate), rate, seed)}, rate);
    }

    /**
     * Melodic material where no two stretches are alike (random pitches, lengths and timbres over a
     * drifting noise bed), so a fingerprint can tell a copy from newly joined material.
     */
    static AudioData varied(double seconds, int rate, long seed) {
        Random r = new Random(seed);
        int frames = (int) (seconds * rate);
        float[] x = new float[frames];
        int at = 0;
        while (at < frames) {
            int len = (int) (rate * (0.12 + 0.5 * r.nextDouble()));
            double f = 150 * Math.pow(2, 2.7 * r.nextDouble());
            double[] amps = {1, r.nextDouble(), r.nextDouble() * 0.7, r.nextDouble() * 0.5};
            double decay = 1 + 6 * r.nextDouble();
            for (int i = 0; i < len + rate / 4 && at + i < frames; i++) {
                double t = i / (double) rate;
                double env = Math.min(1, t * 200) * Math.exp(-decay * t);
                double s = 0;
                for (int h = 0; h < amps.length; h++) s += amps[h] * Math.sin(2 * Math.PI * f * (h + 1) * t);
                x[at + i] += (float) (0.2 * env * s);
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
