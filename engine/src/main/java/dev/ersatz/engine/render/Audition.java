package dev.ersatz.engine.render;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.Resampler;

/**
 * A clip to hear through the instrument's output as it is (no grains, no envelope, unity gain),
 * over whatever the instrument plays: what the studio's "audition" sends. Built on a control thread
 * at the instrument's rate, as two channels (a mono clip on both), and handed over whole with
 * {@link Instrument#audition}; immutable after that, so the audio thread only reads it.
 */
public final class Audition {
    /** Longest take accepted: a clip, not an album (10 minutes at 48 kHz is 230 MB of floats). */
    public static final double MAX_SECONDS = 600;

    private final float[] left;
    private final float[] right;

    private Audition(float[] left, float[] right) {
        this.left = left;
        this.right = right;
    }

    /** Control thread: {@code audio} resampled to {@code rate}, its first two channels (a mono clip on both). */
    public static Audition of(AudioData audio, int rate) {
        if (rate <= 0) throw new IllegalArgumentException("no audio running yet (sample rate unknown)");
        if (audio.frames() > MAX_SECONDS * audio.sampleRate()) {
            throw new IllegalArgumentException("longer than " + (int) MAX_SECONDS + " s (" + Math.round(audio.seconds()) + " s)");
        }
        AudioData a = audio.sampleRate() == rate ? audio : Resampler.resample(audio, rate);
        float[][] c = a.channels();
        return new Audition(c[0].clone(), (c.length > 1 ? c[1] : c[0]).clone());
    }

    public int frames() { return left.length; }

    /**
     * Audio thread: adds frames {@code [from, from + frames)} of the take (as many as it has) into
     * {@code l} and {@code r} from index 0; returns the position after them.
     */
    int mix(int from, float[] l, float[] r, int frames) {
        int n = Math.min(frames, left.length - from);
        for (int j = 0; j < n; j++) {
            l[j] += left[from + j];
            r[j] += right[from + j];
        }
        return from + Math.max(0, n);
    }
}
