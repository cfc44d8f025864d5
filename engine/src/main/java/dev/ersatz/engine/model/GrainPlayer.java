package dev.ersatz.engine.model;

/**
 * Overlap-adds grains of the model's corpus audio: a new Hann grain starts every hop (half a grain),
 * so two grains sound at once and their windows sum to one. Reads only the model's arrays and its
 * own preallocated state. Audio thread: no allocation, locks, I/O or ND4J.
 */
public final class GrainPlayer {
    /** Where the player gets its next grain. Must not block (in live use); -1 means none ready. */
    public interface Source {
        int nextGrain();
    }

    private final GrainModel m;
    private final float[] window;
    private final int hop;
    private int older = -1;
    private int newer = -1;
    private int phase; // samples since the newer grain started, 0..hop
    private boolean started;
    private long underruns;
    private float gain = 1f;

    public GrainPlayer(GrainModel model) {
        this.m = model;
        this.window = GrainWindow.hann(model.grainSize());
        this.hop = model.hop();
        this.phase = hop;
    }

    /** Grain starts that found no grain ready (the sound fades out through the window instead of clicking). */
    public long underruns() { return underruns; }

    public void gain(float g) { gain = g; }

    /**
     * Writes {@code frames} frames into {@code out[ch][offset..)}: a stereo model's channels to the
     * first two outputs (both averaged into a single output), a mono model to every output.
     */
    public void render(Source source, float[][] out, int offset, int frames) {
        int done = 0;
        int mc = m.channels();
        while (done < frames) {
            if (phase == hop) {
                older = newer;
                newer = source.nextGrain();
                if (newer < 0 && started) underruns++;
                started = true;
                phase = 0;
            }
            int n = Math.min(frames - done, hop - phase);
            int at = offset + done;
            for (int o = 0; o < out.length; o++) {
                if (mc == 2 && out.length == 1) {
                    write(out[o], at, n, 0, 0.5f * gain, false);
                    write(out[o], at, n, 1, 0.5f * gain, true);
                } else {
                    write(out[o], at, n, mc == 1 ? 0 : o % 2, gain, false);
                }
            }
            phase += n;
            done += n;
        }
    }

    /** The two sounding grains' channel {@code ch} over the next n frames, written or added. */
    private void write(float[] o, int at, int n, int ch, float g, boolean add) {
        if (older >= 0) {
            float[] x = m.clip(m.grainClip(older), ch);
            int s = m.grainStart(older) + hop + phase;
            if (add) for (int i = 0; i < n; i++) o[at + i] += g * x[s + i] * window[hop + phase + i];
            else for (int i = 0; i < n; i++) o[at + i] = g * x[s + i] * window[hop + phase + i];
        } else if (!add) {
            for (int i = 0; i < n; i++) o[at + i] = 0f;
        }
        if (newer >= 0) {
            float[] x = m.clip(m.grainClip(newer), ch);
            int s = m.grainStart(newer) + phase;
            for (int i = 0; i < n; i++) o[at + i] += g * x[s + i] * window[phase + i];
        }
    }
}
