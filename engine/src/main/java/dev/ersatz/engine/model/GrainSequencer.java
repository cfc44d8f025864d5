package dev.ersatz.engine.model;

import java.util.SplittableRandom;

/**
 * Decides what the model plays, one grain at a time: samples the next token at the current
 * temperature from the recurrent network when the model has one, else from the Markov model; then
 * picks, among that token's grains, the one that continues the previous grain most smoothly (the
 * grain whose corpus predecessor is most like the grain just played; the corpus successor itself
 * wins when it has the token). {@code maxCopySamples} bounds how much corpus audio may be followed
 * verbatim: a grain near where a verbatim continuation would be (same clip, closer than the bound)
 * extends the copied stretch, and once the stretch would exceed the bound such grains are refused,
 * so the generator jumps at least the bound away. Generator worker thread; {@link #next} allocates
 * nothing and never touches ND4J.
 */
public final class GrainSequencer {
    private final GrainModel m;
    private final int k;
    private final int order;
    private final int[] history;
    private int historyLength;
    private final double[] p;
    private final double[] scratch;
    private final SplittableRandom random;
    private final NeuralModel.Stepper neural;
    private boolean anyToken;
    private final long maxCopySamples;
    private double temperature;
    private int previous = -1;
    private int runClip = -1;
    private long runStart;
    private long runEnd;
    private long jumps;

    /** @param maxCopySamples the longest verbatim copy, in samples; 0 for no bound (must be ≥ the grain size otherwise) */
    public GrainSequencer(GrainModel model, long seed, double temperature, long maxCopySamples) {
        if (maxCopySamples != 0 && maxCopySamples < model.grainSize()) {
            throw new IllegalArgumentException("the copy bound must be at least one grain (" + model.grainSize() + " samples)");
        }
        this.m = model;
        this.k = model.tokens();
        this.order = model.order();
        this.history = new int[Math.max(1, order)];
        this.p = new double[k];
        this.scratch = new double[k];
        this.random = new SplittableRandom(seed);
        this.neural = model.neural() == null ? null : model.neural().stepper();
        this.maxCopySamples = maxCopySamples;
        this.temperature = temperature;
    }

    /** The temperature for the grains decided from now on (0 = argmax). */
    public void temperature(double t) { this.temperature = Math.max(0, t); }

    public double temperature() { return temperature; }

    /** How many times the copy bound forced a jump. */
    public long forcedJumps() { return jumps; }

    /** The next grain to play. */
    public int next() {
        if (neural != null && anyToken) neural.probabilities(p);
        else m.markov().distribution(history, historyLength, p); // the network needs a first token: the corpus's unigram gives it
        int token = Temperature.sample(p, k, temperature, random, scratch);
        int g = choose(token);
        if (g < 0) g = chooseAnywhere();
        remember(g, m.grainToken(g));
        return g;
    }

    private int choose(int token) {
        int[] candidates = m.grainsOf(token);
        if (candidates.length == 0) return -1;
        if (previous < 0) return temperature > 0 ? candidates[random.nextInt(candidates.length)] : candidates[0];
        int d = m.dims();
        float[] pred = m.predecessorsOf(token);
        float[] desc = m.descriptorArray();
        int prevAt = previous * d;
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int j = 0; j < candidates.length; j++) {
            float s = m.startsClip(token, j) ? 1e-3f : 0f;
            int at = j * d;
            for (int i = 0; i < d; i++) {
                float x = pred[at + i] - desc[prevAt + i];
                s += x * x;
            }
            if (s < bestScore && allowed(candidates[j])) {
                bestScore = s;
                best = candidates[j];
            }
        }
        return best;
    }

    /** The copy bound refused every grain of the token: the smoothest allowed grain of any token. */
    private int chooseAnywhere() {
        jumps++;
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int c = 0; c < m.grains(); c++) {
            if (!allowed(c)) continue;
            double s = score(c);
            if (s < bestScore) { bestScore = s; best = c; }
        }
        if (best < 0) throw new IllegalStateException("the copy bound leaves no grain to play (corpus too small for it)");
        return best;
    }

    /** Distance from the grain just played to candidate c's predecessor in the corpus (c itself when c starts a clip). */
    private double score(int c) {
        int pred = c > 0 && m.follows(c - 1, c) ? c - 1 : c;
        double s = pred == c ? 1e-3 : 0; // a clip's first grain has no real predecessor: slightly worse than a true one
        int d = m.dims();
        for (int i = 0; i < d; i++) {
            double x = m.descriptor(pred, i) - m.descriptor(previous, i);
            s += x * x;
        }
        return s;
    }

    /**
     * Whether grain c would keep playing the same stretch of corpus: same clip, and closer to where a
     * verbatim continuation would start than one grain (unbounded) or than the copy bound. So a
     * forced jump lands at least the bound away, and a fingerprint cannot see the two stretches as
     * one longer copy.
     */
    private boolean near(int c) {
        if (previous < 0 || m.grainClip(c) != runClip) return false;
        long expected = m.grainStart(previous) + m.hop();
        return Math.abs(m.grainStart(c) - expected) < Math.max(m.grainSize(), maxCopySamples);
    }

    private boolean allowed(int c) {
        if (maxCopySamples == 0 || !near(c)) return true;
        long s = m.grainStart(c);
        return Math.max(runEnd, s + m.grainSize()) - Math.min(runStart, s) <= maxCopySamples;
    }

    private void remember(int g, int token) {
        if (near(g)) {
            runStart = Math.min(runStart, m.grainStart(g));
            runEnd = Math.max(runEnd, m.grainStart(g) + (long) m.grainSize());
        } else {
            runClip = m.grainClip(g);
            runStart = m.grainStart(g);
            runEnd = runStart + m.grainSize();
        }
        previous = g;
        anyToken = true;
        if (neural != null) neural.observe(token);
        if (order > 0) {
            if (historyLength < order) {
                history[historyLength++] = token;
            } else {
                System.arraycopy(history, 1, history, 0, order - 1);
                history[order - 1] = token;
            }
        }
    }
}
