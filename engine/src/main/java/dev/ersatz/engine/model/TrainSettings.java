package dev.ersatz.engine.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of a model's training as `ersatz train` takes them, before they are checked: the
 * command line fills them from its options, the studio from a JSON object keyed by the same option
 * names ({"tokens": 32, "neural": true, ...}). {@link #options()} is the one place that checks them,
 * so both refuse the same values with the same one-line reason. Any thread (it is a value).
 *
 * @param epochs the network's epochs; null: the default (10), and only with {@code neural}
 */
public record TrainSettings(int tokens, int order, long seed, int rate, int grain, boolean neural, Integer epochs) {
    public static final int DEFAULT_EPOCHS = 10;
    public static final TrainSettings DEFAULT = new TrainSettings(ModelTrainer.Options.DEFAULT_TOKENS, ModelTrainer.Options.DEFAULT_ORDER, 0, 48000,
            ModelTrainer.Options.DEFAULT_GRAIN, false, null);

    /** The option names (without the leading "--"). */
    public static final List<String> NAMES = List.of("tokens", "order", "seed", "rate", "grain", "neural", "epochs");

    /** A setting that cannot be used; the message is one line naming the option and the reason. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) { super(message); }
    }

    /** Checked settings as the trainer takes them (the network's epochs: {@link #epochCount()}). */
    public ModelTrainer.Options options() {
        range("tokens", tokens, 2, 4096);
        range("order", order, 1, 4);
        range("rate", rate, 8000, 384000);
        range("grain", grain, 64, 65536);
        range("epochs", epochCount(), 1, 100000);
        if (Integer.bitCount(grain) != 1) throw new Invalid("--grain must be a power of two, not " + grain);
        if (epochs != null && !neural) throw new Invalid("--epochs is for --neural");
        return new ModelTrainer.Options(tokens, order, seed, grain, rate);
    }

    public int epochCount() { return epochs == null ? DEFAULT_EPOCHS : epochs; }

    /**
     * These settings with those of {@code json} (keys from {@link #NAMES}; whole numbers, neural
     * true or false) put over them. Refuses an unknown key or a value of the wrong kind; the ranges
     * are {@link #options()}'s to check.
     */
    public TrainSettings with(Map<?, ?> json) {
        Map<String, Object> v = toJson();
        for (Map.Entry<?, ?> e : json.entrySet()) {
            Object key = e.getKey(), value = e.getValue();
            if (!(key instanceof String k) || !NAMES.contains(k)) throw new Invalid("unknown training setting '" + key + "' (" + String.join(", ", NAMES) + ")");
            if (value == null) continue;
            if (k.equals("neural")) {
                if (!(value instanceof Boolean)) throw new Invalid("--neural must be true or false, not " + value);
            } else if (!(value instanceof Long || value instanceof Integer)) {
                throw new Invalid("--" + k + " must be a whole number, not " + (value instanceof String ? "'" + value + "'" : value));
            } else if (!k.equals("seed") && Math.abs(((Number) value).longValue()) > Integer.MAX_VALUE) {
                throw new Invalid("--" + k + " is out of range: " + value);
            }
            v.put(k, value);
        }
        return new TrainSettings(whole(v, "tokens"), whole(v, "order"), ((Number) v.get("seed")).longValue(), whole(v, "rate"), whole(v, "grain"),
                (Boolean) v.get("neural"), v.get("epochs") == null ? null : whole(v, "epochs"));
    }

    /** The settings keyed by option name, as {@link #with} reads them. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokens", tokens);
        m.put("order", order);
        m.put("seed", seed);
        m.put("rate", rate);
        m.put("grain", grain);
        m.put("neural", neural);
        m.put("epochs", epochs);
        return m;
    }

    private static int whole(Map<String, Object> v, String k) { return ((Number) v.get(k)).intValue(); }

    private static void range(String option, int value, int min, int max) {
        if (value < min || value > max) throw new Invalid("--" + option + " must be between " + min + " and " + max + ", not " + value);
    }
}
