package dev.ersatz.engine.preset;

/**
 * What a preset needs to know about one engine parameter: its stable id, range, default and whether
 * it takes whole numbers only. The render engine's parameter set is the source of these; presets are
 * validated against them.
 */
public record ParameterInfo(String id, double min, double max, double defaultValue, String unit, boolean integer) {
    public ParameterInfo {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("parameter id is empty");
        if (!(min <= max) || !(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException("parameter " + id + ": bad range [" + min + ", " + max + "] default " + defaultValue);
        }
    }

    public boolean inRange(double v) { return v >= min && v <= max; }
}
