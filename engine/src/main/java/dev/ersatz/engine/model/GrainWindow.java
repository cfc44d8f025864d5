package dev.ersatz.engine.model;

/** The grain window: a periodic Hann, whose copies at a hop of half its length sum to exactly one. */
public final class GrainWindow {
    private GrainWindow() { }

    public static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        return w;
    }
}
