package dev.ersatz.engine.render;

/**
 * One playable parameter. The {@code id} is the public contract (presets, OSC, CC maps): it never
 * changes once released. Values are in the parameter's own {@code unit}; {@code smoothingMs} is how
 * long the audio thread takes to glide to a new value (0 = jump).
 */
public record Parameter(String id, String description, float min, float max, float defaultValue, String unit,
                        float smoothingMs, boolean integer) {

    public Parameter {
        if (id == null || !id.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("bad parameter id '" + id + "'");
        if (!(min <= defaultValue && defaultValue <= max)) {
            throw new IllegalArgumentException(id + ": default " + defaultValue + " outside " + min + ".." + max);
        }
        if (smoothingMs < 0) throw new IllegalArgumentException(id + ": negative smoothing");
    }

    /** The value forced into range (and rounded for whole-number parameters); NaN becomes the default. */
    public float clamp(float v) {
        if (v != v) return defaultValue;
        float c = Math.max(min, Math.min(max, v));
        return integer ? Math.round(c) : c;
    }

    public boolean inRange(double v) { return v >= min && v <= max; }

    /** Whether this parameter can follow the tempo: a time in ms or a rate per second ({@link #atTempo}). */
    public boolean followsTempo() { return followsTempo(unit); }

    /** Whether a parameter in {@code unit} can follow the tempo: a time in ms or a rate per second. */
    public static boolean followsTempo(String unit) { return "ms".equals(unit) || (unit != null && unit.endsWith("/s")); }

    /**
     * Any thread, the audio thread included (no allocation): the value, before {@link #clamp}, that
     * makes {@code beats} last (a time in ms) or repeat per beat (a rate per second) at {@code bpm}.
     * A grain length of 0.25 beats is a sixteenth note at any tempo.
     */
    public float atTempo(float beats, double bpm) {
        return (float) ("ms".equals(unit) ? beats * 60_000.0 / bpm : beats * bpm / 60.0);
    }

    /** Maps 0..1 (a controller's travel) onto {@code lo..hi} in this parameter's units. */
    public float fromUnit(float unit01, float lo, float hi) { return clamp(lo + (hi - lo) * unit01); }
}
