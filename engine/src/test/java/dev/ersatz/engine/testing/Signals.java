package dev.ersatz.engine.testing;

import java.util.Random;

/** Test signals, made deterministically from a seed. */
public final class Signals {
    private Signals() { }

    public static float[] sine(double hz, double amplitude, int frames, int rate) {
        float[] x = new float[frames];
        for (int i = 0; i < frames; i++) x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        return x;
    }

    public static float[] noise(double amplitude, int frames, long seed) {
        Random r = new Random(seed);
        float[] x = new float[frames];
        for (int i = 0; i < frames; i++) x[i] = (float) (amplitude * (2 * r.nextDouble() - 1));
        return x;
    }

    public static float[] silence(int frames) { return new float[frames]; }

    /**
     * Clips of different lengths (0.35 to 1.7 s), each a loud 50-ms noise head on a quiet tail: played
     * one after another, every hand-over is one clear onset (the sync tests count them).
     */
    public static java.util.List<dev.ersatz.engine.audio.AudioData> headedClips(int rate) {
        double[] seconds = {0.35, 1.7, 0.8, 1.15, 0.6, 1.45, 0.95};
        java.util.List<dev.ersatz.engine.audio.AudioData> clips = new java.util.ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            int n = (int) (seconds[i] * rate);
            int head = rate / 20;
            float[] x = concat(noise(0.9, head, 10 + i), noise(0.02, n - head, 20 + i));
            clips.add(new dev.ersatz.engine.audio.AudioData(new float[][] {x}, rate));
        }
        return clips;
    }

    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A few seconds of something music-like: chords of decaying partials on a beat, with a little noise. */
    public static float[] music(int frames, int rate, long seed) {
        Random r = new Random(seed);
        float[] x = new float[frames];
        int beat = rate / 2;
        double[] roots = {220, 246.94, 261.63, 293.66, 329.63, 196};
        for (int start = 0; start < frames; start += beat) {
            double root = roots[r.nextInt(roots.length)];
            double[] ratios = {1, 1.25, 1.5, 2};
            for (int i = start; i < Math.min(frames, start + beat * 2); i++) {
                double t = (i - start) / (double) rate;
                double env = Math.exp(-3 * t);
                double s = 0;
                for (double q : ratios) s += Math.sin(2 * Math.PI * root * q * t) / ratios.length;
                x[i] += (float) (0.5 * env * s);
            }
        }
        for (int i = 0; i < frames; i++) x[i] += (float) (0.01 * (2 * r.nextDouble() - 1));
        return x;
    }
}
