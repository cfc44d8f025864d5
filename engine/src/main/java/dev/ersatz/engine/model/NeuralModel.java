package dev.ersatz.engine.model;

import dev.ersatz.engine.util.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A small recurrent network over token sequences: one GRU layer ({@code hidden} units) and a linear
 * layer to next-symbol logits. What goes in for a symbol is its {@link Features}: by default the
 * symbol itself (one-hot: the audio model's tens of codebook tokens), or a few parts that describe
 * it (the MIDI composer's notes, thousands of them, go in as their time shift, duration, pitch,
 * velocity and position: a few hundred inputs instead of a one-hot row of thousands, and notes
 * that share parts share what was learnt of them); what comes out is always one logit per symbol. Its symbols are the model's K tokens and one
 * more, {@link #boundary}: every sequence starts after it and ends with it, so the network knows
 * how phrases start and when they end (a sequence boundary is a reset, not a transition). Trained with ND4J SameDiff (next-token
 * cross-entropy, Adam, truncated back-propagation over windows of {@link #WINDOW} tokens) on a
 * control thread. Played by {@link Stepper} in plain Java from the learned weights: a step is a
 * few small matrix-vector products, allocation-free, so the generator worker runs it with no ND4J.
 */
public final class NeuralModel {
    public static final int DEFAULT_HIDDEN = 64;
    static final int WINDOW = 24;
    static final int BATCH = 32;
    /** Up to this many symbols the labels go in as one-hot rows, above as indices (see train). */
    static final int DENSE_LABELS_MAX = 1024;

    private final int k; // symbols: the tokens and the boundary
    private final int h;
    private final Features features;
    private final float[] wx; // features x 3h: gates z, r, n
    private final float[] wh; // h x 3h
    private final float[] b;  // 3h
    private final float[] wo; // h x k
    private final float[] bo; // k
    private final double[] losses;

    /**
     * What goes into the network for each symbol: the indices of its active inputs (each input 1,
     * the others 0). Immutable by convention.
     *
     * @param count  how many inputs there are
     * @param active per symbol (the tokens, then the boundary), its inputs; null: one-hot, symbol i is input i
     */
    public record Features(int count, int[][] active) {
        public static Features oneHot(int symbols) { return new Features(symbols, null); }

        int[] of(int symbol) { return active == null ? new int[] {symbol} : active[symbol]; }
    }

    /** @param tokens the model's token count (the network has one more symbol, the boundary) */
    NeuralModel(int tokens, int h, float[] wx, float[] wh, float[] b, float[] wo, float[] bo, double[] losses) {
        this(tokens, h, Features.oneHot(tokens + 1), wx, wh, b, wo, bo, losses);
    }

    private NeuralModel(int tokens, int h, Features features, float[] wx, float[] wh, float[] b, float[] wo, float[] bo, double[] losses) {
        int k = tokens + 1;
        if (features.active() != null && features.active().length != k) throw new IllegalArgumentException("features for " + features.active().length + " symbols, not " + k);
        if (wx.length != features.count() * 3 * h || wh.length != h * 3 * h || b.length != 3 * h || wo.length != h * k || bo.length != k) {
            throw new IllegalArgumentException("network weights do not fit " + tokens + " tokens x " + h + " units");
        }
        this.k = k;
        this.h = h;
        this.features = features;
        this.wx = wx;
        this.wh = wh;
        this.b = b;
        this.wo = wo;
        this.bo = bo;
        this.losses = losses;
    }

    public int tokens() { return k - 1; }

    /** The boundary symbol (= the token count): a sequence's start and end. */
    public int boundary() { return k - 1; }

    public int hidden() { return h; }

    /** Training loss (mean nats per token) on the first batch of each epoch, before that batch's update. */
    public double[] losses() { return losses.clone(); }

    float[][] weights() { return new float[][] {wx, wh, b, wo, bo}; }

    /** The learnt weights, in the order {@link #of} takes them (copies). */
    public float[][] weightArrays() { return new float[][] {wx.clone(), wh.clone(), b.clone(), wo.clone(), bo.clone()}; }

    /** A network from weights {@link #weightArrays} gave (read back from a file). */
    public static NeuralModel of(int tokens, int hidden, Features features, float[][] w) {
        return new NeuralModel(tokens, hidden, features, w[0], w[1], w[2], w[3], w[4], new double[0]);
    }

    public Features features() { return features; }

    /**
     * Control thread: trains on every phrase's token sequence, each between two boundaries;
     * deterministic for a seed.
     */
    public static NeuralModel train(List<int[]> sequences, int tokens, int hidden, int epochs, long seed, Progress progress) {
        return train(sequences, tokens, Features.oneHot(tokens + 1), hidden, epochs, seed, progress);
    }

    /** As {@link #train(List, int, int, int, long, Progress)}, each symbol going in as its {@code features}. */
    public static NeuralModel train(List<int[]> sequences, int tokens, Features features, int hidden, int epochs, long seed, Progress progress) {
        Nd4jThreads.single();
        int h = hidden, k = tokens + 1, f = features.count();
        int[][] in = new int[k][];
        for (int i = 0; i < k; i++) in[i] = features.of(i);
        Random random = new Random(seed);
        List<int[]> usable = new ArrayList<>();
        long total = 0;
        for (int[] s : sequences) {
            if (s.length == 0) continue;
            int[] bounded = new int[s.length + 2];
            bounded[0] = tokens;
            System.arraycopy(s, 0, bounded, 1, s.length);
            bounded[s.length + 1] = tokens;
            usable.add(bounded);
            total += bounded.length - 1;
        }
        if (usable.isEmpty()) throw new IllegalArgumentException("no token sequence long enough to learn from");

        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, BATCH, WINDOW, f);
        // Labels: one-hot rows for a few symbols, indices for many. With the MIDI composer's 9,203 notes
        // one-hot labels are 28 MB a batch and training took 98 s instead of 58 s. The audio model's
        // tokens keep the one-hot labels its tests were tuned on: the same loss, but index labels
        // round differently, and at seed 1 RealCorpusGenerationTest's network then kept 35% silence
        // where it wants 52% ± 10.
        boolean sparse = k > DENSE_LABELS_MAX;
        SDVariable y = sparse ? sd.placeHolder("y", DataType.INT, (long) WINDOW * BATCH)
                : sd.placeHolder("y", DataType.FLOAT, (long) WINDOW * BATCH, k);
        SDVariable vWx = sd.var("wx", init(random, f, 3 * h));
        SDVariable vWh = sd.var("wh", init(random, h, 3 * h));
        SDVariable vB = sd.var("b", Nd4j.zeros(DataType.FLOAT, 1, 3 * h));
        SDVariable vWo = sd.var("wo", init(random, h, k));
        SDVariable vBo = sd.var("bo", Nd4j.zeros(DataType.FLOAT, 1, k));
        SDVariable state = sd.constant("h0", Nd4j.zeros(DataType.FLOAT, BATCH, h));
        SDVariable[] logits = new SDVariable[WINDOW];
        for (int t = 0; t < WINDOW; t++) {
            SDVariable xt = x.get(SDIndex.all(), SDIndex.point(t), SDIndex.all());
            SDVariable gx = xt.mmul(vWx).add(vB);
            SDVariable gh = state.mmul(vWh);
            SDVariable z = sd.nn().sigmoid(part(gx, 0, h).add(part(gh, 0, h)));
            SDVariable r = sd.nn().sigmoid(part(gx, 1, h).add(part(gh, 1, h)));
            SDVariable n = sd.nn().tanh(part(gx, 2, h).add(r.mul(part(gh, 2, h))));
            state = n.sub(z.mul(n)).add(z.mul(state)); // (1 - z) n + z h
            logits[t] = state.mmul(vWo).add(vBo);
        }
        SDVariable all = sd.concat(0, logits); // row t * BATCH + i
        if (sparse) sd.loss().sparseSoftmaxCrossEntropy(all, y).mean("loss");
        else sd.loss().softmaxCrossEntropy("loss", y, all, null);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(new TrainingConfig.Builder().updater(new Adam(0.01))
                .dataSetFeatureMapping("x").dataSetLabelMapping("y").build());
        quietly(sd::createGradFunction);

        int batchesPerEpoch = batchesPerEpoch(total);
        double[] losses = new double[epochs];
        float[] xs = new float[BATCH * WINDOW * f];
        int[] ys = new int[WINDOW * BATCH];
        float[] dense = sparse ? null : new float[WINDOW * BATCH * k];
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            for (int bi = 0; bi < batchesPerEpoch; bi++) {
                java.util.Arrays.fill(xs, 0);
                for (int i = 0; i < BATCH; i++) {
                    int[] s = pick(usable, random);
                    int start = s.length - 1 <= WINDOW ? 0 : random.nextInt(s.length - 1 - WINDOW);
                    for (int t = 0; t < WINDOW; t++) {
                        int at = Math.min(start + t, s.length - 2);
                        for (int a : in[s[at]]) xs[(i * WINDOW + t) * f + a] = 1f;
                        ys[t * BATCH + i] = s[at + 1];
                    }
                }
                INDArray fx = Nd4j.create(xs, new long[] {BATCH, WINDOW, f}, DataType.FLOAT);
                INDArray fy;
                if (sparse) {
                    fy = Nd4j.createFromArray(ys);
                } else {
                    java.util.Arrays.fill(dense, 0);
                    for (int r = 0; r < ys.length; r++) dense[r * k + ys[r]] = 1f;
                    fy = Nd4j.create(dense, new long[] {(long) WINDOW * BATCH, k}, DataType.FLOAT);
                }
                if (bi == 0) sum = sd.output(java.util.Map.of("x", fx, "y", fy), "loss").get("loss").getDouble(0);
                sd.fit(new DataSet(fx, fy));
                progress.update((long) e * batchesPerEpoch + bi + 1, (long) epochs * batchesPerEpoch, "training network");
            }
            losses[e] = sum;
        }
        return new NeuralModel(tokens, h, features, floats(sd, "wx"), floats(sd, "wh"), floats(sd, "b"), floats(sd, "wo"), floats(sd, "bo"), losses);
    }

    /** Batches an epoch has for sequences of {@code transitions} next-symbol pairs in all (boundaries included). */
    static int batchesPerEpoch(long transitions) {
        return (int) Math.max(4, Math.min(200, transitions / ((long) BATCH * WINDOW)));
    }

    /** Batches an epoch of {@link #train} has for these sequences (each between two boundaries). */
    public static int batchesPerEpoch(List<int[]> sequences) {
        long total = 0;
        for (int[] s : sequences) if (s.length > 0) total += s.length + 1;
        return batchesPerEpoch(total);
    }

    /**
     * Runs {@code r} with System.out silenced: SameDiff 1.0.0-M2.1 prints a line per op while it builds
     * the gradient graph, which would land in the middle of a command's output (even --json).
     * Control thread; the stream is restored after.
     */
    private static synchronized void quietly(Runnable r) {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            r.run();
        } finally {
            System.setOut(out);
        }
    }

    private static SDVariable part(SDVariable v, int gate, int h) {
        return v.get(SDIndex.all(), SDIndex.interval((long) gate * h, (long) (gate + 1) * h));
    }

    private static int[] pick(List<int[]> seqs, Random random) {
        // Longer clips are drawn more often, in proportion to their tokens.
        long total = 0;
        for (int[] s : seqs) total += s.length;
        long r = (long) (random.nextDouble() * total);
        for (int[] s : seqs) {
            if (r < s.length) return s;
            r -= s.length;
        }
        return seqs.get(seqs.size() - 1);
    }

    private static INDArray init(Random random, int rows, int cols) {
        float[] w = new float[rows * cols];
        double scale = Math.sqrt(6.0 / (rows + cols));
        for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * random.nextDouble() - 1) * scale);
        return Nd4j.create(w, new long[] {rows, cols}, DataType.FLOAT);
    }

    private static float[] floats(SameDiff sd, String name) {
        return sd.getVariable(name).getArr().castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    public Stepper stepper() { return new Stepper(); }

    /**
     * One generation's state: the hidden vector. {@link #observe} feeds the symbol just played;
     * {@link #probabilities} gives the next-symbol distribution (tokens, then the boundary).
     * Starts, and {@link #restart}s, after a boundary. Generator worker; allocates nothing.
     */
    public final class Stepper {
        private final float[] state = new float[h];
        private final float[] gates = new float[3 * h];
        private final float[] recur = new float[3 * h];
        private final double[] logits = new double[k];

        Stepper() { restart(); }

        /** A new phrase: the state a training sequence starts from, then the boundary observed. */
        public void restart() {
            java.util.Arrays.fill(state, 0f);
            observe(k - 1);
        }

        public void observe(int token) {
            System.arraycopy(b, 0, gates, 0, 3 * h);
            if (features.active() == null) {
                int row = token * 3 * h;
                for (int j = 0; j < 3 * h; j++) gates[j] += wx[row + j];
            } else {
                for (int a : features.active()[token]) {
                    int row = a * 3 * h;
                    for (int j = 0; j < 3 * h; j++) gates[j] += wx[row + j];
                }
            }
            java.util.Arrays.fill(recur, 0f);
            for (int i = 0; i < h; i++) {
                float s = state[i];
                if (s == 0f) continue;
                int r = i * 3 * h;
                for (int j = 0; j < 3 * h; j++) recur[j] += s * wh[r + j];
            }
            for (int j = 0; j < h; j++) {
                float z = sigmoid(gates[j] + recur[j]);
                float rr = sigmoid(gates[h + j] + recur[h + j]);
                float n = (float) Math.tanh(gates[2 * h + j] + rr * recur[2 * h + j]);
                state[j] = (1 - z) * n + z * state[j];
            }
        }

        /** softmax(logits) into {@code out[0..tokens]} (the last is the boundary: the phrase ends). */
        public void probabilities(double[] out) {
            // Row by row through wo (h x k): with thousands of symbols a column walk misses the cache
            // every step; the sums are added in the same order, so the results are the same.
            for (int c = 0; c < k; c++) logits[c] = bo[c];
            for (int i = 0; i < h; i++) {
                float st = state[i];
                int r = i * k;
                for (int c = 0; c < k; c++) logits[c] += st * wo[r + c];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) max = Math.max(max, logits[c]);
            double sum = 0;
            for (int c = 0; c < k; c++) {
                out[c] = Math.exp(logits[c] - max);
                sum += out[c];
            }
            for (int c = 0; c < k; c++) out[c] /= sum;
        }
    }

    private static float sigmoid(float v) { return (float) (1 / (1 + Math.exp(-v))); }
}
