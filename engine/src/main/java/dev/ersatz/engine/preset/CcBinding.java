package dev.ersatz.engine.preset;

/**
 * One MIDI controller's job: it moves {@code parameter} from {@code low} (CC value 0) to
 * {@code high} (127). Written in a preset as just the parameter id when the range is the whole one.
 */
public record CcBinding(String parameter, double low, double high) {
    public CcBinding {
        if (parameter == null || parameter.isEmpty()) throw new IllegalArgumentException("CC binding without a parameter");
    }

    /** The binding over the parameter's whole range. */
    public static CcBinding whole(ParameterInfo p) { return new CcBinding(p.id(), p.min(), p.max()); }

    public boolean isWhole(ParameterInfo p) { return low == p.min() && high == p.max(); }
}
