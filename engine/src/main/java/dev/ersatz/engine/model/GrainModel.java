package dev.ersatz.engine.model;

import dev.ersatz.engine.analysis.Texture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained model: the corpus audio it resynthesises from (mono or stereo, 16-bit precision, at
 * the model rate) as <em>phrases</em> (the sounding stretches of every file, split at its silences
 * as {@code ersatz split} splits them; each phrase is a clip), the silence that followed each phrase
 * in its file (0 after a file's last), its grains (clip, start, token, descriptor, whether the grain
 * starts an attack: a phrase start or an onset), the token codebook, the Markov model over each
 * phrase's token sequence between two boundaries (so phrases have a start and an end state), and
 * the corpus's texture figures. Immutable; shared read-only by generator workers and the audio
 * thread. {@link ModelFile} writes and reads it.
 */
public final class GrainModel {
    private final int sampleRate;
    private final int grainSize;
    private final int hop;
    private final int tokens;
    private final int order;
    private final CorpusSummary corpus;
    private final float[][][] clips; // [clip][channel][frame]
    private final int[] clipGap;
    /** Every clip's gap, sorted: the corpus's own distribution of silences between phrases. */
    private final int[] gaps;
    private final int[] grainClip;
    private final int[] grainStart;
    private final int[] grainToken;
    private final boolean[] grainAttack;
    private final float[] descriptors;
    private final int dims;
    private final float[] codebook;
    private final MarkovModel markov;
    private final NeuralModel neural;
    private final Texture texture;
    private final double typicalStep;
    private final int[][] grainsOfToken;
    /** Per token, for each of its grains in order, the descriptor of the grain before it in the corpus (contiguous, for the choice loop). */
    private final float[][] predecessorsOfToken;
    /** Per token, for each of its grains, 1 when it starts a clip (no true predecessor), else 0. */
    private final boolean[][] startsClipOfToken;
    /** Per token, the mean {@link #brightness} of its grains. */
    private final double[] tokenBrightness;

    /**
     * @param clipGap per clip, the frames of silence that followed it in its file (0: the file ended)
     * @param grainAttack per grain, whether it starts an attack (its phrase's start or an onset)
     * @param texture the corpus's texture figures (its files trimmed)
     * @param neural the recurrent network over the tokens, or null (then the Markov model generates)
     */
    public GrainModel(int sampleRate, int grainSize, int hop, int tokens, int order, CorpusSummary corpus,
                      float[][][] clips, int[] clipGap, int[] grainClip, int[] grainStart, int[] grainToken, boolean[] grainAttack,
                      float[] descriptors, int dims, float[] codebook, Texture texture, NeuralModel neural) {
        if (clips.length == 0 || clips[0].length < 1 || clips[0].length > 2) throw new IllegalArgumentException("a model has 1 or 2 channels");
        for (float[][] c : clips) if (c.length != clips[0].length) throw new IllegalArgumentException("clips differ in channel count");
        if (neural != null && neural.tokens() != tokens) throw new IllegalArgumentException("network for " + neural.tokens() + " tokens, model has " + tokens);
        if (clipGap.length != clips.length) throw new IllegalArgumentException("a gap per clip");
        if (grainAttack.length != grainClip.length) throw new IllegalArgumentException("an attack flag per grain");
        this.neural = neural;
        this.texture = texture;
        if (grainSize != 2 * hop) throw new IllegalArgumentException("grain size must be twice the hop");
        this.sampleRate = sampleRate;
        this.grainSize = grainSize;
        this.hop = hop;
        this.tokens = tokens;
        this.order = order;
        this.corpus = corpus;
        this.clips = clips;
        this.clipGap = clipGap;
        this.gaps = clipGap.clone();
        Arrays.sort(gaps);
        this.grainClip = grainClip;
        this.grainStart = grainStart;
        this.grainToken = grainToken;
        this.grainAttack = grainAttack;
        this.descriptors = descriptors;
        this.dims = dims;
        this.codebook = codebook;
        this.markov = new MarkovModel(tokens + 1, order, boundedSequences());
        this.typicalStep = measureTypicalStep();
        int[] n = new int[tokens];
        for (int t : grainToken) n[t]++;
        grainsOfToken = new int[tokens][];
        for (int t = 0; t < tokens; t++) grainsOfToken[t] = new int[n[t]];
        int[] at = new int[tokens];
        for (int g = 0; g < grainToken.length; g++) grainsOfToken[grainToken[g]][at[grainToken[g]]++] = g;
        predecessorsOfToken = new float[tokens][];
        startsClipOfToken = new boolean[tokens][];
        for (int t = 0; t < tokens; t++) {
            int[] gs = grainsOfToken[t];
            float[] pd = new float[gs.length * dims];
            boolean[] first = new boolean[gs.length];
            for (int j = 0; j < gs.length; j++) {
                int g = gs[j];
                boolean hasPred = g > 0 && follows(g - 1, g);
                first[j] = !hasPred;
                System.arraycopy(descriptors, (hasPred ? g - 1 : g) * dims, pd, j * dims, dims);
            }
            predecessorsOfToken[t] = pd;
            startsClipOfToken[t] = first;
        }
        tokenBrightness = new double[tokens];
        for (int t = 0; t < tokens; t++) {
            for (int g : grainsOfToken[t]) tokenBrightness[t] += brightness(g);
            if (grainsOfToken[t].length > 0) tokenBrightness[t] /= grainsOfToken[t].length;
        }
    }

    /** Token t's grains' predecessor descriptors, {@code grainsOf(t).length x dims} (read only). */
    float[] predecessorsOf(int t) { return predecessorsOfToken[t]; }

    /** Whether the j-th grain of token t starts its clip. */
    boolean startsClip(int t, int j) { return startsClipOfToken[t][j]; }

    /**
     * The median squared descriptor distance from a grain to the next in its phrase: how far the
     * corpus itself moves in one hop, the unit in which the grain choice weighs smoothness.
     */
    private double measureTypicalStep() {
        double[] d = new double[grainToken.length];
        int n = 0;
        for (int g = 0; g + 1 < grainToken.length; g++) {
            if (!follows(g, g + 1)) continue;
            double s = 0;
            for (int i = 0; i < dims; i++) {
                double x = descriptors[(g + 1) * dims + i] - descriptors[g * dims + i];
                s += x * x;
            }
            d[n++] = s;
        }
        if (n == 0) return dims; // no phrase of two grains: the spread of standardised descriptors
        Arrays.sort(d, 0, n);
        return Math.max(1e-6, d[n / 2]);
    }

    /** Each phrase's token sequence between two {@link #boundary} symbols (what the Markov model counts). */
    private List<int[]> boundedSequences() {
        List<int[]> out = new ArrayList<>();
        for (int[] s : sequences()) {
            int[] b = new int[s.length + 2];
            b[0] = tokens;
            System.arraycopy(s, 0, b, 1, s.length);
            b[s.length + 1] = tokens;
            out.add(b);
        }
        return out;
    }

    /** Each clip's token sequence, in corpus order. */
    public List<int[]> sequences() {
        List<int[]> seqs = new ArrayList<>();
        int g = 0;
        while (g < grainClip.length) {
            int c = grainClip[g], from = g;
            while (g < grainClip.length && grainClip[g] == c) g++;
            int[] s = new int[g - from];
            System.arraycopy(grainToken, from, s, 0, s.length);
            seqs.add(s);
        }
        return seqs;
    }

    public int sampleRate() { return sampleRate; }
    public int grainSize() { return grainSize; }
    public int hop() { return hop; }
    public int tokens() { return tokens; }
    public int order() { return order; }
    public CorpusSummary corpus() { return corpus; }
    public int grains() { return grainToken.length; }
    public int dims() { return dims; }
    /** The Markov model over the tokens and the {@link #boundary} (its symbols: tokens + 1). */
    public MarkovModel markov() { return markov; }
    /** The symbol after the tokens that starts and ends a phrase in the sequence models: {@link #tokens()}. */
    public int boundary() { return tokens; }
    /** The corpus's texture figures, its files trimmed. */
    public Texture texture() { return texture; }
    /** How far the corpus moves in one hop (median squared descriptor distance between neighbours). */
    public double typicalStep() { return typicalStep; }
    /** The recurrent network, or null when the model has none. */
    public NeuralModel neural() { return neural; }

    /** This model with a recurrent network, which then generates instead of the Markov model. */
    public GrainModel withNeural(NeuralModel n) {
        return new GrainModel(sampleRate, grainSize, hop, tokens, order, corpus, clips, clipGap, grainClip, grainStart, grainToken,
                grainAttack, descriptors, dims, codebook, texture, n);
    }

    public int clipCount() { return clips.length; }
    /** 1 (mono) or 2 (stereo). */
    public int channels() { return clips[0].length; }
    /** Channel {@code ch} of clip {@code c}'s corpus audio (read only). */
    public float[] clip(int c, int ch) { return clips[c][ch]; }
    /** Frames of clip c. */
    public int clipFrames(int c) { return clips[c][0].length; }
    /** Frames of silence that followed clip c in its file (0: it ended its file). */
    public int clipGap(int c) { return clipGap[c]; }
    /** The i-th smallest of all clips' gaps (i in 0..clipCount): the corpus's silence distribution. */
    public int gap(int i) { return gaps[i]; }
    /** Whether grain g starts an attack: the start of its phrase or an onset in it. */
    public boolean attack(int g) { return grainAttack[g]; }
    /** Whether grain g is the last of its phrase (nothing follows it in the corpus). */
    public boolean endsPhrase(int g) { return !follows(g, g + 1); }
    public int grainClip(int g) { return grainClip[g]; }
    public int grainStart(int g) { return grainStart[g]; }
    public int grainToken(int g) { return grainToken[g]; }
    /** The grains of token t, in corpus order (read only). */
    public int[] grainsOf(int t) { return grainsOfToken[t]; }
    /**
     * How bright grain g is: its spectral centroid, standardised over the corpus (0 is the corpus's
     * mean, 1 one standard deviation brighter).
     */
    public float brightness(int g) { return descriptors[g * dims + GrainDescriber.CENTROID]; }
    /** The mean {@link #brightness} of token t's grains. */
    public double tokenBrightness(int t) { return tokenBrightness[t]; }
    /** Grain g's descriptor value d (standardised over the corpus). */
    public float descriptor(int g, int d) { return descriptors[g * dims + d]; }
    float[] descriptorArray() { return descriptors; }
    float[] codebookArray() { return codebook; }
    int[] grainClipArray() { return grainClip; }
    int[] grainStartArray() { return grainStart; }
    int[] grainTokenArray() { return grainToken; }

    /** Whether grain b follows grain a in the corpus (same clip, next grain). */
    public boolean follows(int a, int b) {
        return b == a + 1 && b < grainClip.length && grainClip[a] == grainClip[b];
    }
}
