package dev.ersatz.engine.model;

/** 16-bit PCM, the precision a model keeps its audio at (trained and played from the same values). */
final class Pcm16 {
    private Pcm16() { }

    static short quantise(float v) {
        double s = Math.rint(v * 32767.0);
        return (short) Math.max(-32768, Math.min(32767, s));
    }

    static float toFloat(short s) { return s / 32767f; }

    /** The value a sample will have after a round trip through a model file. */
    static float round(float v) { return toFloat(quantise(v)); }
}
