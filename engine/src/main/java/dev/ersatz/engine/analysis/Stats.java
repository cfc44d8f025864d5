package dev.ersatz.engine.analysis;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Summary of one descriptor over a file's frames: mean, standard deviation and the 10/50/90th percentiles. */
public record Stats(double mean, double std, double p10, double p50, double p90) {
    public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0);

    /** Of the first {@code count} values (population std; percentiles by linear interpolation). */
    public static Stats of(float[] values, int count) {
        if (count == 0) return EMPTY;
        double sum = 0;
        for (int i = 0; i < count; i++) sum += values[i];
        double mean = sum / count, var = 0;
        for (int i = 0; i < count; i++) var += (values[i] - mean) * (values[i] - mean);
        float[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return new Stats(mean, Math.sqrt(var / count), percentile(sorted, 0.1), percentile(sorted, 0.5), percentile(sorted, 0.9));
    }

    private static double percentile(float[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at), hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("std", std);
        m.put("p10", p10);
        m.put("p50", p50);
        m.put("p90", p90);
        return m;
    }

    static Stats fromJson(Object o) {
        Map<?, ?> m = (Map<?, ?>) o;
        return new Stats(num(m.get("mean")), num(m.get("std")), num(m.get("p10")), num(m.get("p50")), num(m.get("p90")));
    }

    static double num(Object o) { return o == null ? Double.NaN : ((Number) o).doubleValue(); }
}
