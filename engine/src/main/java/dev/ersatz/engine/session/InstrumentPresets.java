package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.CcBinding;
import dev.ersatz.engine.render.CcMap;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.ParameterSet;
import java.util.Map;

/**
 * Presets onto the render engine: parameter values through the instrument's control queue (the
 * lock-free control→audio path), the CC mapping as a new {@link CcMap} swapped in whole. Control
 * thread.
 */
public final class InstrumentPresets {
    private InstrumentPresets() { }

    /** The instrument's controller map for a preset: its own mapping overlaid by learnt ones. */
    public static CcMap ccMap(Preset p, ParameterSet set) {
        CcMap m = CcMap.empty();
        for (Map.Entry<Integer, CcBinding> e : p.effectiveCcMap().entrySet()) {
            CcBinding b = e.getValue();
            m = m.with(e.getKey(), set.require(b.parameter()), (float) b.low(), (float) b.high());
        }
        return m;
    }

    /**
     * Sends every parameter of the preset and which of them follow the tempo (the instrument computes
     * those at its transport's tempo, from this block on and whenever the tempo changes), and swaps in
     * its controller map. False when the control queue was full (some values not sent).
     */
    public static boolean apply(Instrument instrument, Preset p) {
        ParameterSet set = instrument.parameters();
        boolean all = true;
        for (Map.Entry<String, Double> e : p.parameters().entrySet()) {
            int i = set.indexOf(e.getKey());
            if (i >= 0) all &= instrument.setParameter(dev.ersatz.engine.render.ControlQueue.ASAP, i, e.getValue().floatValue());
        }
        for (int i = 0; i < set.size(); i++) {
            all &= instrument.setTempoSync(dev.ersatz.engine.render.ControlQueue.ASAP, i, syncBeats(p, set, i));
        }
        instrument.setCcMap(ccMap(p, set));
        return all;
    }

    /** The beats parameter {@code index} follows the tempo at under preset {@code p}, NaN when it does not. */
    public static float syncBeats(Preset p, ParameterSet set, int index) {
        Double beats = p.sync().get(set.get(index).id());
        return beats == null ? Float.NaN : beats.floatValue();
    }
}
