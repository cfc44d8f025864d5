package dev.ersatz.engine.model;

import java.util.SplittableRandom;

/**
 * Sampling at a temperature, the one meaning Ersatz gives it: draw from softmax(log p / T), i.e.
 * p^(1/T) renormalised. T = 0 is argmax (lowest index on a tie), T = 1 the distribution itself,
 * T > 1 flatter. Choices of probability 0 stay impossible at every T. Allocates nothing.
 */
public final class Temperature {
    public static final double MAX = 4.0;

    private Temperature() { }

    /** Samples an index from {@code p[0..n)} at temperature {@code t}; {@code scratch} has room for n. */
    public static int sample(double[] p, int n, double t, SplittableRandom random, double[] scratch) {
        return sample(p, n, t, null, random, scratch);
    }

    /**
     * Samples an index from softmax(log p / t + bias): {@link #sample(double[], int, double,
     * SplittableRandom, double[])} with a log-weight added to each choice after the temperature
     * (null for none). T = 0 stays argmax of p, whatever the bias.
     */
    public static int sample(double[] p, int n, double t, double[] bias, SplittableRandom random, double[] scratch) {
        int best = 0;
        for (int i = 1; i < n; i++) if (p[i] > p[best]) best = i;
        if (t <= 0 || p[best] <= 0) return best;
        double sum = 0;
        if (t == 1.0 && bias == null) {
            for (int i = 0; i < n; i++) {
                scratch[i] = p[i];
                sum += p[i];
            }
        } else {
            double logMax = Math.log(p[best]);
            for (int i = 0; i < n; i++) {
                double w = p[i] > 0 ? Math.exp((Math.log(p[i]) - logMax) / t + (bias == null ? 0 : bias[i])) : 0;
                scratch[i] = w;
                sum += w;
            }
        }
        double r = random.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            r -= scratch[i];
            if (r < 0) return i;
        }
        return best;
    }

    /**
     * Samples an index from softmax(logits[0..n) / t): the same rule from logits (a logit of
     * -infinity is impossible at every T). T = 0 is argmax (lowest index on a tie) and draws no
     * random number. Overwrites {@code logits} with the weights.
     */
    public static int sampleLogits(double[] logits, int n, double t, SplittableRandom random) {
        int best = 0;
        for (int i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
        if (t <= 0 || logits[best] == Double.NEGATIVE_INFINITY) return best;
        double max = logits[best], sum = 0;
        for (int i = 0; i < n; i++) sum += logits[i] = Math.exp((logits[i] - max) / t);
        double r = random.nextDouble() * sum;
        for (int i = 0; i < n; i++) {
            r -= logits[i];
            if (r < 0) return i;
        }
        return best;
    }
}
