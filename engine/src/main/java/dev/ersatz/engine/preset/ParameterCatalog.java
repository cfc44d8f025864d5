package dev.ersatz.engine.preset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters a preset may set, by stable id, in the engine's order. Immutable. */
public final class ParameterCatalog {
    private final Map<String, ParameterInfo> byId;

    private ParameterCatalog(Map<String, ParameterInfo> byId) { this.byId = byId; }

    public static ParameterCatalog of(List<ParameterInfo> params) {
        Map<String, ParameterInfo> m = new LinkedHashMap<>();
        for (ParameterInfo p : params) {
            if (m.put(p.id(), p) != null) throw new IllegalArgumentException("duplicate parameter id " + p.id());
        }
        return new ParameterCatalog(Collections.unmodifiableMap(m));
    }

    /** The catalog of a render parameter set (ids, ranges, defaults, units as the engine has them). */
    public static ParameterCatalog of(dev.ersatz.engine.render.ParameterSet set) {
        List<ParameterInfo> l = new java.util.ArrayList<>();
        for (dev.ersatz.engine.render.Parameter p : set.all()) {
            l.add(new ParameterInfo(p.id(), p.min(), p.max(), p.defaultValue(), p.unit(), p.integer()));
        }
        return of(l);
    }

    /** The instrument's parameters: what preset files are validated against. */
    public static ParameterCatalog instrument() { return INSTRUMENT; }

    private static final ParameterCatalog INSTRUMENT = of(dev.ersatz.engine.render.InstrumentParams.SET);

    /** The parameter with this id, or null. */
    public ParameterInfo find(String id) { return byId.get(id); }

    public List<ParameterInfo> all() { return List.copyOf(byId.values()); }

    /** Every parameter at its default, in catalog order. */
    public Map<String, Double> defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (ParameterInfo p : byId.values()) m.put(p.id(), p.defaultValue());
        return m;
    }
}
