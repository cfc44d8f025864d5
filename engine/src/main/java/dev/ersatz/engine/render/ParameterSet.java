package dev.ersatz.engine.render;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered, immutable set of parameters: index (what the audio thread and {@link EventBuffer} use)
 * ↔ stable id (what presets, OSC and CC maps use). Built once; safe to share between threads.
 */
public final class ParameterSet {
    private final Parameter[] params;
    private final Map<String, Integer> byId = new HashMap<>();

    public ParameterSet(List<Parameter> list) {
        params = list.toArray(new Parameter[0]);
        for (int i = 0; i < params.length; i++) {
            if (byId.put(params[i].id(), i) != null) throw new IllegalArgumentException("duplicate parameter id " + params[i].id());
        }
    }

    public int size() { return params.length; }

    public Parameter get(int index) { return params[index]; }

    /** The index of a stable id, or -1 when there is no such parameter. */
    public int indexOf(String id) {
        Integer i = byId.get(id);
        return i == null ? -1 : i;
    }

    /** The index of a stable id; an IllegalArgumentException naming the id (and the known ones) otherwise. */
    public int require(String id) {
        int i = indexOf(id);
        if (i < 0) throw new IllegalArgumentException("unknown parameter '" + id + "' (known: " + String.join(", ", ids()) + ")");
        return i;
    }

    public List<String> ids() {
        String[] ids = new String[params.length];
        for (int i = 0; i < params.length; i++) ids[i] = params[i].id();
        return List.of(ids);
    }

    public List<Parameter> all() { return List.of(params); }

    /** Every default, by index: a fresh array. */
    public float[] defaults() {
        float[] d = new float[params.length];
        for (int i = 0; i < params.length; i++) d[i] = params[i].defaultValue();
        return d;
    }
}
