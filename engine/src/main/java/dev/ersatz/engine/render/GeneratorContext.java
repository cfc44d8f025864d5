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

    GeneratorContext(Material material, int streams, long seed, Instrument instrument) {
        this.material = material;
        this.instrument = instrument;
        this.params = instrument.publishedParams();
        this.transport = instrument.transport();
        SplittableRandom root = new SplittableRandom(seed);
        randoms = new SplittableRandom[streams];
        for (int i = 0; i < streams; i++) randoms[i] = root.split();
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
    public long lastNote(int stream) { return instrument.streamNote(stream).get(); }

    public static int note(long packed) { return packed < 0 ? -1 : (int) (packed >> 8 & 0x7F); }

    public static int velocity(long packed) { return packed < 0 ? 0 : (int) (packed & 0x7F); }

    public static long sequence(long packed) { return packed < 0 ? 0 : packed >>> 16; }

    /** The random stream of one voice stream: use it (only) from {@link Generator#next} for that stream. */
    public SplittableRandom random(int stream) { return randoms[stream]; }
}
