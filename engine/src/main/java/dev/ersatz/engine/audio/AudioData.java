package dev.ersatz.engine.audio;

/**
 * Decoded audio: planar float samples in [-1, 1] nominal, one array per channel, all the same length.
 * Immutable by convention: code that needs to change samples copies first.
 */
public record AudioData(float[][] channels, int sampleRate) {

    public AudioData {
        if (channels.length == 0) throw new IllegalArgumentException("no channels");
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate " + sampleRate);
        int n = channels[0].length;
        for (float[] c : channels) {
            if (c.length != n) throw new IllegalArgumentException("channels differ in length");
        }
    }

    public int channelCount() { return channels.length; }

    public int frames() { return channels[0].length; }

    public double seconds() { return frames() / (double) sampleRate; }

    /** The channels averaged to one (a new array, except for mono input). */
    public float[] mono() {
        if (channels.length == 1) return channels[0];
        float[] m = new float[frames()];
        float scale = 1f / channels.length;
        for (float[] c : channels) {
            for (int i = 0; i < m.length; i++) m[i] += c[i];
        }
        for (int i = 0; i < m.length; i++) m[i] *= scale;
        return m;
    }
}
