package dev.ersatz.engine.preset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sound, recallable: the generator kind, every parameter by stable id, the MIDI controller
 * mapping (default and learnt), the root note, and optional corpus/model references (relative to
 * the preset's folder). Immutable; the {@code with...} methods return changed copies.
 *
 * @param ccMap    CC number (0..127) to parameter id, the preset's default mapping
 * @param learnt   CC number to parameter id, learnt by MIDI learn; wins over {@code ccMap}
 * @param corpus   relative path of a corpus folder, or null (then --corpus provides it)
 * @param model    relative path of a trained model file, or null
 */
public record Preset(String name, String description, GeneratorKind kind, int rootNote,
                     Map<String, Double> parameters, Map<Integer, String> ccMap, Map<Integer, String> learnt,
                     String corpus, String model) {

    public static final String FORMAT = "ersatz-preset";
    /** The major version this build reads and writes. */
    public static final int VERSION = 1;

    public Preset {
        if (name == null) throw new IllegalArgumentException("preset name is null");
        description = description == null ? "" : description;
        if (kind == null) throw new IllegalArgumentException("preset kind is null");
        if (rootNote < 0 || rootNote > 127) throw new IllegalArgumentException("root note " + rootNote + " is not 0..127");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        ccMap = Collections.unmodifiableMap(new TreeMap<>(ccMap));
        learnt = Collections.unmodifiableMap(new TreeMap<>(learnt));
    }

    /** A preset with every catalog parameter at its default. */
    public static Preset defaults(String name, GeneratorKind kind, ParameterCatalog catalog) {
        return new Preset(name, "", kind, 60, catalog.defaults(), Map.of(), Map.of(), null, null);
    }

    /** The mapping in effect: defaults overlaid by learnt mappings. */
    public Map<Integer, String> effectiveCcMap() {
        Map<Integer, String> m = new TreeMap<>(ccMap);
        m.putAll(learnt);
        return m;
    }

    public Preset withParameter(String id, double value) {
        Map<String, Double> p = new LinkedHashMap<>(parameters);
        p.put(id, value);
        return new Preset(name, description, kind, rootNote, p, ccMap, learnt, corpus, model);
    }

    /** Learning CC {@code cc} for {@code parameterId} replaces any earlier learnt use of that CC. */
    public Preset withLearnt(int cc, String parameterId) {
        Map<Integer, String> l = new TreeMap<>(learnt);
        l.put(cc, parameterId);
        return new Preset(name, description, kind, rootNote, parameters, ccMap, l, corpus, model);
    }

    public Preset withName(String newName) {
        return new Preset(newName, description, kind, rootNote, parameters, ccMap, learnt, corpus, model);
    }
}
