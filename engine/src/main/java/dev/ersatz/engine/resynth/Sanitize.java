package dev.ersatz.engine.resynth;

/** Input guards: what comes in may hold NaN or infinity (a broken plug-in upstream); it never goes on. Allocation only in {@link #finite(float[])}. */
final class Sanitize {
    private Sanitize() { }

    /** A copy with every NaN or infinite sample set to 0 and the rest clamped to ±1 (full scale). */
    static float[] finite(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = sample(x[i]);
        return y;
    }

    /** 0 for NaN or infinity, otherwise the sample clamped to ±1. Allocates nothing. */
    static float sample(float v) {
        if (!(Math.abs(v) <= Float.MAX_VALUE)) return 0f;
        return Math.max(-1f, Math.min(1f, v));
    }
}
