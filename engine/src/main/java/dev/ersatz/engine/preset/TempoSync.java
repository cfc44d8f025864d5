package dev.ersatz.engine.preset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters a preset ties to the tempo, in beats: a time parameter (unit "ms") given as a length
 * in beats, a rate parameter (unit ".../s") as a count per beat. Whenever the tempo changes (JACK
 * transport, a MIDI file's tempo map) the values are recomputed and sent like any parameter change,
 * so a grain length of 0.25 stays a sixteenth note at any tempo. Any thread; immutable.
 */
public final class TempoSync {
    private TempoSync() { }

    /** Whether {@code p} can follow the tempo: a time in ms or a rate per second. */
    public static boolean syncable(ParameterInfo p) {
        return "ms".equals(p.unit()) || (p.unit() != null && p.unit().endsWith("/s"));
    }

    /** The parameter value for {@code beats} at {@code bpm}, clamped to the parameter's range. */
    public static double value(ParameterInfo p, double beats, double bpm) {
        double v = "ms".equals(p.unit()) ? beats * 60_000.0 / bpm : beats * bpm / 60.0;
        double c = Math.max(p.min(), Math.min(p.max(), v));
        return p.integer() ? Math.rint(c) : c;
    }

    /** Every synced parameter's value at {@code bpm}, by id. */
    public static Map<String, Double> values(Map<String, Double> sync, double bpm, ParameterCatalog catalog) {
        Map<String, Double> m = new LinkedHashMap<>();
        sync.forEach((id, beats) -> {
            ParameterInfo p = catalog.find(id);
            if (p != null) m.put(id, value(p, beats, bpm));
        });
        return m;
    }
}
