package dev.ersatz.engine.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Decides what the model plays, one grain (or one rest) at a time. Generator worker thread;
 * {@link #next} allocates nothing and never touches ND4J.
 *
 * <p><b>Phrases.</b> The model's clips are the corpus's phrases (its files split at their silences),
 * and its sequence models count every phrase between two boundary symbols. So generation starts a
 * phrase from the boundary (on a grain that starts an attack: a phrase start or an onset), and when
 * the boundary comes up again the phrase has ended: a rest follows, as long as a silence the corpus
 * has (the one that followed the phrase just played when it ended where its corpus phrase ended,
 * else one drawn from all of the corpus's phrase gaps; a file's end is a gap of 0), and then a new
 * phrase starts. Silence is played only as the corpus has it, never by drifting into a quiet token
 * that nothing leaves.
 *
 * <p><b>Continuity.</b> Between jumps the generator follows the corpus's own continuation, for
 * about {@link #continuity} grains at a time (a random run length with that mean, divided by T
 * above T = 1; exactly that at T = 0), bounded by {@code maxCopySamples}. Then it <em>jumps</em>: it samples the next symbol at
 * the temperature (from the recurrent network when the model has one, else from the Markov model),
 * and chooses among that token's grains by softmax(logit / T), where a grain's logit is minus the
 * distance from its corpus predecessor to the grain just played (in units of the corpus's own
 * typical step, so the corpus successor scores 0 and a join as smooth as the corpus's own scores
 * about -1), minus how far the time its phrase has left is from the time the phrase being played
 * has left (squared, in units of {@link #PHRASE_TIME} of that time plus two grains: a phrase keeps
 * its length and its decay stays at its end), minus the {@link #repetition} penalty when it was
 * heard in the last {@link #RECENT_SECONDS}.
 * One temperature governs both choices: T = 0 is argmax (deterministic whatever the seed), T = 1 the
 * learned statistics, T &gt; 1 flatter.
 *
 * <p><b>Brightness.</b> Above T = 1 the temperature also leans every choice (the token a phrase
 * starts on, the token of a jump, the grain among a token's) towards brighter sounds:
 * {@link #BRIGHTNESS_TILT} × (1 − 1/T) nats per standard deviation of the corpus's spectral
 * centroid, added after the division by T. At and below T = 1 there is no lean, so the corpus's
 * statistics stand and a cool generator only sharpens them. Flattening alone does not brighten a
 * corpus whose rare sounds are dark: on LMMS's drum machine the sounds flatter choices play more
 * of are darker, and the centroid of a hotter bounce fell (2591 Hz at T = 0.5, 2474 Hz at T = 1.5).
 *
 * <p><b>Copy bound.</b> {@code maxCopySamples} bounds how much corpus audio may be followed
 * verbatim: a grain near where a verbatim continuation would be (same clip, closer than the bound)
 * extends the copied stretch, and once the stretch would exceed the bound such grains are refused,
 * so the generator jumps at least the bound away.
 */
public final class GrainSequencer {
    /** What {@link #next} returns for a rest: {@link #restFrames} of silence come first. */
    public static final int REST = -1;
    /** How far back a grain counts as recently heard for the repetition penalty. */
    public static final double RECENT_SECONDS = 2.0;
    /**
     * The tolerance of the phrase-time term, as a share of the time left: a grain that far (plus
     * two grains) from the time the phrase has left loses one nat.
     */
    static final double PHRASE_TIME = 0.25;
    /**
     * How far a hot generator leans towards brightness: nats per standard deviation of the corpus's
     * spectral centroid, times (1 − 1/T) (so at most this, at any T). Measured on four real corpora
     * (docs/manual/model.md): with 1.0 the mean centroid at T = 1.5 is 11-66% above T = 0.5 on each;
     * a lean of 1 × (T − 1) made choices so narrow that the entropy at T = 2 fell below T = 1.5.
     */
    static final double BRIGHTNESS_TILT = 1.0;

    private final GrainModel m;
    private final int symbols;
    private final int boundary;
    private final int order;
    private final int[] history;
    private int historyLength;
    private final double[] p;
    private final double[] scratch;
    private final double[] logits;
    /** Per symbol, the brightness lean added to its log-weight at the current temperature (0 for the boundary). */
    private final double[] lean;
    /** The brightness lean per standard deviation at the current temperature: {@link #BRIGHTNESS_TILT} × ln T. */
    private double tilt;
    private final SplittableRandom random;
    private final NeuralModel.Stepper neural;
    private final long maxCopySamples;
    private final long[] lastHeard;
    private final long recent;
    private double temperature;
    private double continuity;
    private double repetition;
    private long step;
    /** The grain just played; -1 before a phrase's first grain (at the start, and after a phrase ends). */
    private int previous = -1;
    /** Grains followed verbatim since the last jump or phrase start. */
    private int run;
    private int restFrames;
    private boolean attack;
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
        this.symbols = model.tokens() + 1;
        this.boundary = model.boundary();
        this.order = model.order();
        this.history = new int[Math.max(1, order)];
        this.p = new double[symbols];
        this.scratch = new double[symbols];
        int most = 1;
        for (int t = 0; t < model.tokens(); t++) most = Math.max(most, model.grainsOf(t).length);
        this.logits = new double[most];
        this.random = new SplittableRandom(seed);
        this.neural = model.neural() == null ? null : model.neural().stepper();
        this.maxCopySamples = maxCopySamples;
        this.lastHeard = new long[model.grains()];
        Arrays.fill(lastHeard, Long.MIN_VALUE / 2);
        this.recent = Math.max(1, Math.round(RECENT_SECONDS * model.sampleRate() / model.hop()));
        this.lean = new double[symbols];
        this.temperature = Double.NaN; // so that the first setting computes the lean
        temperature(temperature);
    }

    /** The temperature for the decisions from now on (0 = argmax). */
    public void temperature(double t) {
        double v = t > 0 ? t : 0; // NaN too
        if (v == temperature) return; // unchanged: the generator sets it before every grain
        this.temperature = v;
        tilt = temperature > 1 ? BRIGHTNESS_TILT * (1 - 1 / temperature) : 0;
        for (int s = 0; s < m.tokens(); s++) lean[s] = tilt * m.tokenBrightness(s);
    }

    public double temperature() { return temperature; }

    /** The tokens' brightness lean, or null at and below T = 1 (none: the learned distribution exactly). */
    private double[] leaning() { return tilt == 0 ? null : lean; }

    /** The mean number of grains followed verbatim between jumps (below 1: a jump every grain). */
    public void continuity(double grains) { this.continuity = Math.max(0, grains); }

    /** How much less likely (in nats of log-odds) a grain heard in the last {@link #RECENT_SECONDS} is chosen again. */
    public void repetition(double nats) { this.repetition = Math.max(0, nats); }

    /** How many times the copy bound forced a jump. */
    public long forcedJumps() { return jumps; }

    /** After {@link #next} returned {@link #REST}: the rest's length in model frames. */
    public int restFrames() { return restFrames; }

    /** After {@link #next} returned a grain: whether it starts an attack (play it without a fade-in). */
    public boolean attack() { return attack; }

    /** The next grain to play, or {@link #REST}. */
    public int next() {
        if (previous >= 0) {
            if (follows()) {
                if (m.endsPhrase(previous)) {
                    // The corpus's own phrase ended here: so does this one, with the silence it had.
                    if (endPhrase(m.clipGap(m.grainClip(previous)))) return REST;
                    return startPhrase();
                }
                int s = previous + 1;
                if (allowed(s)) {
                    run++;
                    return play(s, false);
                }
            }
            distribution();
            int symbol = Temperature.sample(p, symbols, temperature, leaning(), random, scratch);
            if (symbol == boundary) {
                if (endPhrase(drawGap())) return REST;
                return startPhrase();
            }
            run = 0;
            int g = choose(symbol);
            if (g < 0) g = chooseAnywhere();
            return play(g, m.attack(g) && !m.follows(previous, g));
        }
        return startPhrase();
    }

    /**
     * Whether to follow the corpus's continuation now rather than jump: runs of random length with
     * mean continuity grains (geometric), shorter above T = 1 (continuity / T: a hotter generator
     * jumps more often); at T = 0 runs of exactly continuity grains (deterministic). Below 1 the
     * temperature sharpens the choices at the jumps, not their rate.
     */
    private boolean follows() {
        if (continuity < 1) return false;
        if (temperature <= 0) return run < continuity - 1;
        double mean = continuity / Math.max(1, temperature);
        return mean > 1 && random.nextDouble() < 1 - 1 / mean;
    }

    /** A phrase's first grain: a token that follows the boundary, on one of its attack grains if it has any. */
    private int startPhrase() {
        historyLength = 0;
        push(boundary);
        if (neural != null) neural.restart();
        run = 0;
        distribution();
        p[boundary] = 0; // an empty phrase is no phrase
        int symbol = Temperature.sample(p, symbols, startTemperature(), leaning(), random, scratch);
        int g = symbol == boundary ? -1 : choose(symbol);
        if (g < 0) g = chooseAnywhere();
        return play(g, m.attack(g));
    }

    /**
     * The temperature a phrase's first token is drawn at: the knob's above 1 and at 0, else 1. A
     * low temperature makes phrases follow the corpus more faithfully; it does not narrow which
     * sounds phrases start on to the commonest few (on a drum kit, the hi-hats).
     */
    private double startTemperature() { return temperature <= 0 ? 0 : Math.max(1, temperature); }

    /** Ends the phrase; true when a rest of {@code gap} model frames comes before the next. */
    private boolean endPhrase(int gap) {
        previous = -1;
        restFrames = gap;
        return gap > 0;
    }

    /** A silence the corpus has between phrases: one of its gaps (the median at T = 0). */
    private int drawGap() {
        int n = m.clipCount();
        return m.gap(temperature <= 0 ? n / 2 : random.nextInt(n));
    }

    private void distribution() {
        if (neural != null) neural.probabilities(p);
        else m.markov().distribution(history, historyLength, p);
    }

    private int choose(int token) {
        int[] candidates = m.grainsOf(token);
        if (candidates.length == 0) return -1;
        boolean anyAttack = false; // a phrase's first grain is an attack grain when the token has one
        if (previous < 0) for (int c : candidates) if (m.attack(c)) { anyAttack = true; break; }
        int d = m.dims();
        float[] pred = m.predecessorsOf(token);
        float[] desc = m.descriptorArray();
        int prevAt = previous * d;
        double unit = m.typicalStep();
        // The time the phrase being played has left after the grain just played, and the tolerance around it.
        double want = previous < 0 ? 0 : remaining(previous) - 1;
        double tolerance = 2 + PHRASE_TIME * Math.max(0, want);
        boolean any = false;
        for (int j = 0; j < candidates.length; j++) {
            int c = candidates[j];
            if ((anyAttack && !m.attack(c)) || !allowed(c)) {
                logits[j] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double logit = 0;
            if (previous >= 0) {
                // How smoothly c continues the grain just played: its corpus predecessor against that grain.
                double s = m.startsClip(token, j) ? 1e-3 : 0;
                int at = j * d;
                for (int i = 0; i < d; i++) {
                    double x = pred[at + i] - desc[prevAt + i];
                    s += x * x;
                }
                // And how well it keeps the phrase's time: a grain as many grains before the end of
                // its phrase as the next grain of the phrase being played, so the phrase ends when
                // the one it started as would have (jumps neither stretch nor shorten phrases, so
                // their lengths stay the corpus's), with its decay where a decay belongs.
                double off = (remaining(c) - want) / tolerance;
                logit = -s / unit - off * off;
            }
            // The brightness lean is added after the division by T, as for tokens (so scaled by T here).
            logits[j] = logit - (step - lastHeard[c] <= recent ? repetition : 0) + temperature * tilt * m.brightness(c);
            any = true;
        }
        if (!any) return -1;
        return candidates[Temperature.sampleLogits(logits, candidates.length, temperature, random)];
    }

    /** How many hops grain g starts before the last grain of its phrase. */
    private double remaining(int g) {
        return (m.clipFrames(m.grainClip(g)) - m.grainSize() - m.grainStart(g)) / (double) m.hop();
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
        if (previous < 0) return m.attack(c) ? 0 : 1; // a phrase start: any attack grain will do
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

    private int play(int g, boolean startsAttack) {
        if (near(g)) {
            runStart = Math.min(runStart, m.grainStart(g));
            runEnd = Math.max(runEnd, m.grainStart(g) + (long) m.grainSize());
        } else {
            runClip = m.grainClip(g);
            runStart = m.grainStart(g);
            runEnd = runStart + m.grainSize();
        }
        previous = g;
        attack = startsAttack;
        lastHeard[g] = ++step;
        int token = m.grainToken(g);
        if (neural != null) neural.observe(token);
        push(token);
        return g;
    }

    private void push(int symbol) {
        if (historyLength < order) {
            history[historyLength++] = symbol;
        } else {
            System.arraycopy(history, 1, history, 0, order - 1);
            history[order - 1] = symbol;
        }
    }
}
