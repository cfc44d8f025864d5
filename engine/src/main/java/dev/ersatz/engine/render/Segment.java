package dev.ersatz.engine.render;

/**
 * One decision a generator makes ahead of the audio thread: play {@code length} output frames of
 * clip {@code clip} from source frame {@code start}, at {@code rate} (1 = its own speed, before the
 * note's transposition), with {@code gain} and {@code pan} (-1..1, scaled by pan_spread), and start
 * the next segment {@code hop} output frames later. {@code length <= 0} means "the grain parameter",
 * {@code hop <= 0} "the density parameter". A mutable holder: preallocate, fill, offer.
 */
public final class Segment {
    public int clip;
    public int start;
    public int length;
    public int hop;
    public float rate = 1f;
    public float gain = 1f;
    public float pan;

    public Segment set(int clip, int start, int length, int hop, float rate, float gain, float pan) {
        this.clip = clip; this.start = start; this.length = length; this.hop = hop;
        this.rate = rate; this.gain = gain; this.pan = pan;
        return this;
    }
}
