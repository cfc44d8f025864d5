package dev.ersatz.engine.render;

/**
 * One decision a generator makes ahead of the audio thread: play {@code length} output frames of
 * clip {@code clip} from source frame {@code start}, at {@code rate} (1 = its own speed, before the
 * note's transposition), with {@code gain} and {@code pan} (-1..1, scaled by pan_spread), and start
 * the next segment {@code hop} output frames later. {@code length <= 0} means "the grain parameter",
 * {@code hop <= 0} "the density parameter". A mutable holder: preallocate, fill, offer.
 *
 * <p>A grain decision may start an <em>attack</em> ({@link #attack}): it plays from its first frame
 * at full level, with no fade-in, so a hit keeps its transient (the grain before it fades out as
 * usual). A decision of gain 0 is a <em>rest</em> ({@link #rest}): nothing sounds, and the next
 * decision starts {@code hop} frames later.
 *
 * <p>A segment can instead be a <em>join</em> ({@link #join}): it plays {@code length} frames, or
 * with {@link #TO_END} the clip to its last frame, and the next segment starts {@code overlap}
 * frames before it ends; the voice fades this segment out and the next one in over exactly those
 * frames, in {@code shape}. Whole clips chained one after another are joins.
 */
public final class Segment {
    /** {@code length}: play to the clip's last frame (at the pitch the segment starts at). */
    public static final int TO_END = Integer.MAX_VALUE;
    /**
     * Raised-cosine tapers whose amplitudes sum to 1: for overlapping grains of the same material
     * (correlated), which would bulge with equal-power tapers.
     */
    public static final int CONSTANT_AMPLITUDE = 0;
    /**
     * Sin/cos tapers whose powers sum to 1: for joins between different material (uncorrelated),
     * whose power would dip 3 dB mid-fade with constant-amplitude tapers.
     */
    public static final int EQUAL_POWER = 1;

    public int clip;
    public int start;
    public int length;
    public int hop;
    public float rate = 1f;
    public float gain = 1f;
    public float pan;
    /** &gt; 0: a join, overlapping the next segment by this many output frames ({@code hop} is then ignored). */
    public int overlap;
    /** Taper shape: {@link #CONSTANT_AMPLITUDE} or {@link #EQUAL_POWER}. */
    public int shape = CONSTANT_AMPLITUDE;
    /** A grain that starts an attack: no fade-in (see the class comment). */
    public boolean attack;
    /**
     * The note-on sequence (see {@link GeneratorContext#sequence}) the decision was made after;
     * stamped by the worker. A voice whose note the generator steers skips decisions made before it.
     */
    public long sequence;

    /** Fills a grain decision (no join, constant-amplitude tapers). */
    public Segment set(int clip, int start, int length, int hop, float rate, float gain, float pan) {
        this.clip = clip; this.start = start; this.length = length; this.hop = hop;
        this.rate = rate; this.gain = gain; this.pan = pan;
        this.overlap = 0; this.shape = CONSTANT_AMPLITUDE; this.attack = false;
        return this;
    }

    /** Makes this grain decision start an attack (or not): it plays from its first frame with no fade-in. */
    public Segment attack(boolean a) {
        this.attack = a;
        return this;
    }

    /** Fills a rest: {@code frames} output frames of silence before the next decision. */
    public Segment rest(int frames) {
        return set(0, 0, frames, Math.max(1, frames), 1f, 0f, 0f);
    }

    /** Makes this decision a join: the next segment overlaps its last {@code overlap} frames, tapered in {@code shape}. */
    public Segment join(int overlap, int shape) {
        if (shape != CONSTANT_AMPLITUDE && shape != EQUAL_POWER) throw new IllegalArgumentException("unknown taper shape " + shape);
        this.overlap = Math.max(1, overlap);
        this.shape = shape;
        return this;
    }
}
