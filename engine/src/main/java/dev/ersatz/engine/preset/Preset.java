package dev.ersatz.engine.preset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sound, recallable: the generator kind, every parameter by stable id (the root note is the
 * {@code root_note} parameter), the MIDI controller mapping (default and learnt), and optional
 * corpus/model references (relative to the preset's folder). Immutable; the {@code with...}
 * methods return changed copies.
 *
 * @param ccMap    CC number (0..127) to what it moves, the preset's own mapping
 * @param learnt   CC number to what it moves, learnt by MIDI learn; wins over {@code ccMap}
 * @param sync     parameter id to beats, for parameters that follow the tempo ({@link TempoSync})
 * @param corpus   relative path of a corpus folder, or null (then --corpus provides it)
 * @param model    relative path of a trained model file, or null
 */
public record Preset(String name, String description, GeneratorKind kind,
                     Map<String, Double> parameters, Map<Integer, CcBinding> ccMap, Map<Integer, CcBinding> learnt, Map<String, Double> sync,
                     String corpus, String model) {

    public static final String FORMAT = "ersatz-preset";
    /** The major version this build reads and writes. */
    public static final int VERSION = 1;

    public Preset {
        if (name == null) throw new IllegalArgumentException("preset name is null");
        description = description == null ? "" : description;
        if (kind == null) throw new IllegalArgumentException("preset kind is null");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        ccMap = Collections.unmodifiableMap(new TreeMap<>(ccMap));
        learnt = Collections.unmodifiableMap(new TreeMap<>(learnt));
        sync = Collections.unmodifiableMap(new LinkedHashMap<>(sync));
    }

    /**
     * A preset with every catalog parameter at its default and the default mapping: CC1 (the mod
     * wheel) over the whole temperature range.
     */
    public static Preset defaults(String name, GeneratorKind kind, ParameterCatalog catalog) {
        ParameterInfo t = catalog.find("temperature");
        Map<Integer, CcBinding> cc = t == null ? Map.of() : Map.of(1, CcBinding.whole(t));
        return new Preset(name, "", kind, catalog.defaults(), cc, Map.of(), Map.of(), null, null);
    }

    /** The mapping in effect: defaults overlaid by learnt mappings. */
    public Map<Integer, CcBinding> effectiveCcMap() {
        Map<Integer, CcBinding> m = new TreeMap<>(ccMap);
        m.putAll(learnt);
        return m;
    }

    public Preset withParameter(String id, double value) {
        Map<String, Double> p = new LinkedHashMap<>(parameters);
        p.put(id, value);
        return new Preset(name, description, kind, p, ccMap, learnt, sync, corpus, model);
    }

    /** Learning CC {@code cc} replaces any earlier learnt use of that CC. */
    public Preset withLearnt(int cc, CcBinding binding) {
        Map<Integer, CcBinding> l = new TreeMap<>(learnt);
        l.put(cc, binding);
        return new Preset(name, description, kind, parameters, ccMap, l, sync, corpus, model);
    }

    /** The preset's own CC mapping (not the learnt one). */
    public Preset withCcMap(Map<Integer, CcBinding> map) {
        return new Preset(name, description, kind, parameters, map, learnt, sync, corpus, model);
    }

    /** The same sound for another generator kind (what a run plays when it overrides the preset's). */
    public Preset withKind(GeneratorKind newKind) {
        return new Preset(name, description, newKind, parameters, ccMap, learnt, sync, corpus, model);
    }

    public Preset withName(String newName) {
        return new Preset(newName, description, kind, parameters, ccMap, learnt, sync, corpus, model);
    }
}
