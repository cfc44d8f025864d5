package dev.ersatz.engine.chain;

/**
 * Plays a chain as an endless stream, sample-accurately: each clip runs to its end, the last
 * {@code fade} frames crossfaded (equal power) with the start of the next clip the
 * {@link ChainWalker} picks. A note asks for a jump: the fade into the note's clip starts at the
 * note's frame, or as soon as a fade already running ends. Between notes the chain keeps
 * flowing. Runs on the generator's worker thread, which fills the ring ahead of the audio
 * thread; {@link #render} allocates nothing.
 */
public final class ChainPlayer {
    private final float[][][] clips;
    private final ChainWalker walker;
    private final int fade;
    private final int channels;

    private int current, pos;          // the clip playing and the next frame of it to play
    private int incoming = -1;         // the clip fading in, or -1
    private int fadeAt, fadeLength;    // progress and length of the running fade
    private int inFrom;                // the frame of the current clip where the running fade began
    private int pendingNote = -1;
    private long pendingFrame;
    private long frame;                // frames rendered so far

    /**
     * @param clips planar clips at the engine's rate (clips[i][channel][frame]), indexed like the walker's graph
     * @param fade  crossfade length in frames
     */
    public ChainPlayer(float[][][] clips, ChainWalker walker, int fade, int channels) {
        if (clips.length != walker.size()) throw new IllegalArgumentException("clips and walker disagree");
        this.clips = clips;
        this.walker = walker;
        this.fade = Math.max(0, fade);
        this.channels = channels;
        this.current = walker.first();
    }

    /** Frames rendered since the start. */
    public long frame() { return frame; }

    /** The clip playing (the outgoing one during a fade). */
    public int current() { return current; }

    /** Asks for a jump to the note's clip at absolute frame {@code at} (the last note before it is played wins). */
    public void noteOn(int note, long at) {
        pendingNote = note;
        pendingFrame = Math.max(at, frame);
    }

    public void setTemperature(double t) { walker.setTemperature(t); }

    /** Renders {@code frames} frames into out[ch][offset ..), overwriting. */
    public void render(float[][] out, int offset, int frames) {
        for (int i = 0; i < frames; i++, frame++) {
            if (incoming < 0) {
                int len = clips[current][0].length;
                if (pendingNote >= 0 && frame >= pendingFrame) {
                    startFade(walker.forNote(pendingNote), len);
                    pendingNote = -1;
                } else if (pos >= len - fadeLengthFor(len)) {
                    startFade(walker.next(current), len);
                }
            }
            float[][] cur = clips[current];
            for (int ch = 0; ch < channels; ch++) {
                float[] c = cur[Math.min(ch, cur.length - 1)];
                float v = 0;
                if (incoming >= 0) {
                    float[][] in = clips[incoming];
                    float[] ic = in[Math.min(ch, in.length - 1)];
                    int p = inFrom + fadeAt;
                    float outSample = p < c.length ? c[p] : 0f;
                    v = Crossfade.gainOut(fadeAt, fadeLength) * outSample + Crossfade.gainIn(fadeAt, fadeLength) * ic[fadeAt];
                } else {
                    v = pos < c.length ? c[pos] : 0f;
                }
                out[ch][offset + i] = v;
            }
            if (incoming >= 0) {
                if (++fadeAt >= fadeLength) {
                    current = incoming;
                    pos = fadeLength;
                    incoming = -1;
                }
            } else {
                pos++;
            }
        }
    }

    /** The fade at the end of a clip: the set length, but never more than a quarter of either side. */
    private int fadeLengthFor(int len) {
        return Math.min(fade, len / 4);
    }

    private void startFade(int next, int curLen) {
        int nextLen = clips[next][0].length;
        int f = Math.min(Math.min(fade, nextLen / 4), Math.max(0, curLen - pos));
        if (f <= 0) {
            // nothing left of the current clip (or no fade asked for): cut straight to the next
            current = next;
            pos = 0;
            return;
        }
        incoming = next;
        inFrom = pos;
        fadeAt = 0;
        fadeLength = f;
    }
}
