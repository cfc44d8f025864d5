package dev.ersatz.engine.session;

import dev.ersatz.engine.preset.TempoSync;
import dev.ersatz.engine.preset.Preset;
import dev.ersatz.engine.preset.ParameterCatalog;
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
     * Sends every parameter of the preset (with tempo-synced ones computed for {@code bpm}) and
     * swaps in its controller map. False when the control queue was full (some values not sent).
     */
    public static boolean apply(Instrument instrument, Preset p, double bpm) {
        ParameterSet set = instrument.parameters();
        boolean all = true;
        for (Map.Entry<String, Double> e : p.parameters().entrySet()) {
            int i = set.indexOf(e.getKey());
            if (i >= 0) all &= instrument.setParameter(dev.ersatz.engine.render.ControlQueue.ASAP, i, e.getValue().floatValue());
        }
        for (Map.Entry<String, Double> e : TempoSync.values(p.sync(), bpm, ParameterCatalog.of(set)).entrySet()) {
            all &= instrument.setParameter(dev.ersatz.engine.render.ControlQueue.ASAP, set.require(e.getKey()), e.getValue().floatValue());
        }
        instrument.setCcMap(ccMap(p, set));
        return all;
    }
}
