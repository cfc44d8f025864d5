package dev.ersatz.engine.render;

import dev.ersatz.engine.audio.AudioData;
import java.util.List;

/**
 * The corpus audio, preloaded in memory so that a note-on sounds at its exact frame: every clip's
 * planar samples and rate. Immutable; built on a control thread, read by workers and the audio thread.
 */
public final class Material {
    /** Clips shorter than this (frames) are refused: a grain needs room to move. */
    public static final int MIN_FRAMES = 64;

    private final float[][][] clips;
    private final int[] rates;

    private Material(float[][][] clips, int[] rates) {
        this.clips = clips;
        this.rates = rates;
    }

    /** Control thread. Refuses an empty list or clips shorter than {@link #MIN_FRAMES}. */
    public static Material of(List<AudioData> audio) {
        if (audio.isEmpty()) throw new IllegalArgumentException("no clips to play");
        float[][][] c = new float[audio.size()][][];
        int[] r = new int[audio.size()];
        for (int i = 0; i < c.length; i++) {
            AudioData a = audio.get(i);
            if (a.frames() < MIN_FRAMES) throw new IllegalArgumentException("clip " + i + " is too short (" + a.frames() + " frames)");
            c[i] = a.channels();
            r[i] = a.sampleRate();
        }
        return new Material(c, r);
    }

    public int clipCount() { return clips.length; }

    public int frames(int clip) { return clips[clip][0].length; }

    /** Planar samples of one clip (not a copy: do not write). */
    public float[][] channels(int clip) { return clips[clip]; }

    public int sampleRate(int clip) { return rates[clip]; }

    public long totalFrames() {
        long n = 0;
        for (float[][] c : clips) n += c[0].length;
        return n;
    }
}
