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

    /** The random stream of one voice stream: use it (only) from {@link Generator#next} for that stream. */
    public SplittableRandom random(int stream) { return randoms[stream]; }
}
