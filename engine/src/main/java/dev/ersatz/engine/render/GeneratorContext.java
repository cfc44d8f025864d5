package dev.ersatz.engine.render;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a generator may read: its material, the parameters as the audio thread last applied them,
 * the transport, and one seeded random stream per voice stream (so decisions do not depend on the
 * order in which the worker visits streams).
 */
public final class GeneratorContext {
    private final Material material;
    private final SplittableRandom[] randoms;
    private final AtomicInteger[] params;
    private final TransportState transport;
    private final Instrument instrument;
    /** Per stream and note: the clip a new note starts on, or -1 (the generator's decision stands). */
    private final int[][] entries;
    /** Per stream: the note-on the generator last saw (what the worker stamps its decisions with). */
    private final long[] seen;

    GeneratorContext(Material material, int streams, long seed, Instrument instrument) {
        this.material = material;
        this.instrument = instrument;
        this.params = instrument.publishedParams();
        this.transport = instrument.transport();
        SplittableRandom root = new SplittableRandom(seed);
        randoms = new SplittableRandom[streams];
        for (int i = 0; i < streams; i++) randoms[i] = root.split();
        entries = new int[streams][128];
        for (int[] e : entries) java.util.Arrays.fill(e, -1);
        seen = new long[streams];
    }

    public Material material() { return material; }

    public int streams() { return randoms.length; }

    /** Output sample rate (0 before the instrument is configured). */
    public int sampleRate() { return instrument.sampleRate(); }

    /** A parameter's value, by index in {@link InstrumentParams#SET}, as the audio thread last set it. */
    public float param(int index) { return Float.intBitsToFloat(params[index].get()); }

    public float temperature() { return param(InstrumentParams.TEMPERATURE); }

    public TransportState transport() { return transport; }

    /**
     * The last note-on that started this stream's voice, as {@code sequence << 16 | note << 8 | velocity}
     * (the sequence number grows with every note-on, so a new note is seen even when it repeats), or
     * -1 before the first. Decisions already in the ring still play first: a note steers the decisions
     * made after it (within the generator's lookahead). Use {@link #note} and {@link #velocity} to unpack.
     */
    public long lastNote(int stream) {
        long n = instrument.streamNote(stream).get();
        seen[stream] = n;
        return n;
    }

    /**
     * Worker or control thread: steer the next note on {@code stream}. When a note {@code note}
     * starts a voice on this stream, the voice plays its first decision on clip {@code clip} instead
     * (the decision's other fields stand; with {@link Segment#TO_END} the whole clip), at the note's
     * exact frame, and skips the decisions made before the note (see {@link Segment#sequence}), so
     * the generator continues from {@code clip} once it sees the note in {@link #lastNote}. -1
     * withdraws the steering. Decided ahead like every decision: the audio thread only reads it.
     */
    public void steer(int stream, int note, int clip) {
        if (clip >= material.clipCount()) throw new IllegalArgumentException("no clip " + clip);
        entries[stream][note & 0x7F] = Math.max(-1, clip);
    }

    /** The clip a note on {@code stream} starts on, or -1 (see {@link #steer}). Any thread. */
    public int steered(int stream, int note) { return entries[stream][note & 0x7F]; }

    /** Worker thread: the note-on sequence a decision for {@code stream} is made after. */
    long observe(int stream) {
        return sequence(seen[stream] = instrument.streamNote(stream).get());
    }

    /** Worker thread, after {@link Generator#next}: the note-on the generator based it on (the newest it read). */
    long observed(int stream) { return sequence(seen[stream]); }

    public static int note(long packed) { return packed < 0 ? -1 : (int) (packed >> 8 & 0x7F); }

    public static int velocity(long packed) { return packed < 0 ? 0 : (int) (packed & 0x7F); }

    public static long sequence(long packed) { return packed < 0 ? 0 : packed >>> 16; }

    /** The random stream of one voice stream: use it (only) from {@link Generator#next} for that stream. */
    public SplittableRandom random(int stream) { return randoms[stream]; }
}
