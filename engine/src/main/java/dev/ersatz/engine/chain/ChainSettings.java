package dev.ersatz.engine.chain;

import dev.ersatz.engine.analysis.TrimOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of a chain as `ersatz chain` takes them, before they are checked: the command line
 * fills them from its options, the studio from a JSON object keyed by the same option names
 * ({"crossfade-ms": 80, "cut-at": "onsets", ...}). {@link #options()} is the one place that checks
 * them, so both refuse the same values with the same one-line reason. Any thread (it is a value).
 */
public record ChainSettings(String by, double temperature, long seed, double crossfadeMs, double alignMs, double topDb,
                            double minClipMs, double maxClipMs, String cutAt) {
    public static final ChainSettings DEFAULT;

    static {
        ChainMaker.Options d = ChainMaker.Options.DEFAULT;
        DEFAULT = new ChainSettings(d.by().id(), d.temperature(), d.seed(), d.crossfadeMs(), d.alignMs(), d.trim().topDb(),
                d.minClipMs(), d.maxClipMs(), d.cutAt().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The option names (without the leading "--"), in the order `ersatz chain --help` lists them. */
    public static final List<String> NAMES = List.of("by", "temperature", "seed", "crossfade-ms", "align-ms", "top-db",
            "min-clip-ms", "max-clip-ms", "cut-at");

    /** A setting that cannot be used; the message is one line naming the option and the reason. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) { super(message); }
    }

    /** Checked settings as the chain maker takes them. */
    public ChainMaker.Options options() {
        ClipFeatures.Measure measure;
        ChainMaker.CutAt cut;
        try {
            measure = ClipFeatures.Measure.parse(by);
            cut = ChainMaker.CutAt.parse(cutAt);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
        range("temperature", temperature, 0, 1e6);
        range("crossfade-ms", crossfadeMs, 0, 60_000);
        range("align-ms", alignMs, 0, 10_000);
        range("top-db", topDb, 1e-9, 1000);
        range("min-clip-ms", minClipMs, 0, 3.6e6);
        range("max-clip-ms", maxClipMs, 1, 3.6e6);
        TrimOptions t = ChainMaker.Options.DEFAULT.trim();
        return new ChainMaker.Options(measure, temperature, seed, crossfadeMs, alignMs, new TrimOptions(topDb, t.frameLength(), t.hopLength()),
                minClipMs, maxClipMs, cut);
    }

    /**
     * These settings with those of {@code json} (keys from {@link #NAMES}, numbers as numbers, by and
     * cut-at as text) put over them. Refuses an unknown key or a value of the wrong kind; the ranges
     * are {@link #options()}'s to check.
     */
    public ChainSettings with(Map<?, ?> json) {
        Map<String, Object> v = toJson();
        for (Map.Entry<?, ?> e : json.entrySet()) {
            Object key = e.getKey(), value = e.getValue();
            if (!(key instanceof String k) || !NAMES.contains(k)) throw new Invalid("unknown chain setting '" + key + "' (" + String.join(", ", NAMES) + ")");
            if (value == null) continue;
            boolean text = k.equals("by") || k.equals("cut-at");
            if (text && !(value instanceof String)) throw new Invalid("--" + k + " must be text, not " + value);
            if (!text && !(value instanceof Number)) throw new Invalid("--" + k + " must be a number, not " + (value instanceof String ? "'" + value + "'" : value));
            if (k.equals("seed") && !isWhole((Number) value)) throw new Invalid("--seed must be a whole number, not " + value);
            v.put(k, value);
        }
        return new ChainSettings((String) v.get("by"), num(v, "temperature"), ((Number) v.get("seed")).longValue(), num(v, "crossfade-ms"),
                num(v, "align-ms"), num(v, "top-db"), num(v, "min-clip-ms"), num(v, "max-clip-ms"), (String) v.get("cut-at"));
    }

    /** The settings keyed by option name, as {@link #with} reads them. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", by);
        m.put("temperature", temperature);
        m.put("seed", seed);
        m.put("crossfade-ms", crossfadeMs);
        m.put("align-ms", alignMs);
        m.put("top-db", topDb);
        m.put("min-clip-ms", minClipMs);
        m.put("max-clip-ms", maxClipMs);
        m.put("cut-at", cutAt);
        return m;
    }

    private static boolean isWhole(Number n) {
        if (n instanceof Long || n instanceof Integer) return true;
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 9.0e18;
    }

    private static double num(Map<String, Object> v, String k) { return ((Number) v.get(k)).doubleValue(); }

    private static void range(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) throw new Invalid("--" + option + " must be between " + text(min) + " and " + text(max) + ", not " + text(value));
    }

    private static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
