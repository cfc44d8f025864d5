package dev.ersatz.engine.render;

import java.util.Arrays;

/**
 * Which MIDI controller moves which parameter, over which part of its range. Immutable: the control
 * thread (presets, MIDI learn, OSC) builds a new one and hands it to {@link Instrument#setCcMap}, which
 * the audio thread picks up with one atomic reference read. CC 64, 120 and 123 are the instrument's
 * own (sustain, all sound off, all notes off) and cannot be mapped.
 */
public final class CcMap {
    private final int[] param = new int[128];
    private final float[] lo = new float[128];
    private final float[] hi = new float[128];

    private CcMap() { Arrays.fill(param, -1); }

    public static CcMap empty() { return new CcMap(); }

    /** The default: CC1 (mod wheel) over the whole temperature range. */
    public static CcMap defaults() {
        Parameter t = InstrumentParams.SET.get(InstrumentParams.TEMPERATURE);
        return empty().with(1, InstrumentParams.TEMPERATURE, t.min(), t.max());
    }

    public static boolean reserved(int cc) { return cc == 64 || cc == 120 || cc == 123; }

    /** A copy with {@code cc} moving parameter {@code paramIndex} from {@code low} (CC 0) to {@code high} (CC 127). */
    public CcMap with(int cc, int paramIndex, float low, float high) {
        if (cc < 0 || cc > 127) throw new IllegalArgumentException("CC number " + cc + " outside 0..127");
        if (reserved(cc)) throw new IllegalArgumentException("CC " + cc + " is reserved (64 sustain, 120 all sound off, 123 all notes off)");
        if (paramIndex < 0 || paramIndex >= InstrumentParams.SET.size()) throw new IllegalArgumentException("no parameter " + paramIndex);
        CcMap m = copy();
        m.param[cc] = paramIndex; m.lo[cc] = low; m.hi[cc] = high;
        return m;
    }

    /** A copy with {@code cc} moving the parameter {@code id} over its whole range. */
    public CcMap with(int cc, String id) {
        int p = InstrumentParams.SET.require(id);
        Parameter par = InstrumentParams.SET.get(p);
        return with(cc, p, par.min(), par.max());
    }

    /** A copy without a mapping for {@code cc}. */
    public CcMap without(int cc) {
        CcMap m = copy();
        m.param[cc] = -1;
        return m;
    }

    private CcMap copy() {
        CcMap m = new CcMap();
        System.arraycopy(param, 0, m.param, 0, 128);
        System.arraycopy(lo, 0, m.lo, 0, 128);
        System.arraycopy(hi, 0, m.hi, 0, 128);
        return m;
    }

    /** The parameter index {@code cc} moves, or -1. Any thread. */
    public int param(int cc) { return param[cc & 127]; }

    public float low(int cc) { return lo[cc & 127]; }

    public float high(int cc) { return hi[cc & 127]; }

    /** The parameter value a controller position gives. */
    public float value(int cc, int ccValue) {
        int p = param[cc & 127];
        return InstrumentParams.SET.get(p).fromUnit(ccValue / 127f, lo[cc & 127], hi[cc & 127]);
    }
}
