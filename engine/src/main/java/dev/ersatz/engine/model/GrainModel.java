package dev.ersatz.engine.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained model: the corpus audio it resynthesises from (mono or stereo, 16-bit precision, at
 * the model rate), its grains (clip, start, token, descriptor), the token codebook and the Markov model over
 * each clip's token sequence. Immutable; shared read-only by generator workers and the audio thread.
 * {@link ModelFile} writes and reads it.
 */
public final class GrainModel {
    private final int sampleRate;
    private final int grainSize;
    private final int hop;
    private final int tokens;
    private final int order;
    private final CorpusSummary corpus;
    private final float[][][] clips; // [clip][channel][frame]
    private final int[] grainClip;
    private final int[] grainStart;
    private final int[] grainToken;
    private final float[] descriptors;
    private final int dims;
    private final float[] codebook;
    private final MarkovModel markov;
    private final NeuralModel neural;
    private final int[][] grainsOfToken;
    /** Per token, for each of its grains in order, the descriptor of the grain before it in the corpus (contiguous, for the choice loop). */
    private final float[][] predecessorsOfToken;
    /** Per token, for each of its grains, 1 when it starts a clip (no true predecessor), else 0. */
    private final boolean[][] startsClipOfToken;

    public GrainModel(int sampleRate, int grainSize, int hop, int tokens, int order, CorpusSummary corpus,
                      float[][][] clips, int[] grainClip, int[] grainStart, int[] grainToken,
                      float[] descriptors, int dims, float[] codebook) {
        this(sampleRate, grainSize, hop, tokens, order, corpus, clips, grainClip, grainStart, grainToken, descriptors, dims, codebook, null);
    }

    /** @param neural the recurrent network over the tokens, or null (then the Markov model generates) */
    public GrainModel(int sampleRate, int grainSize, int hop, int tokens, int order, CorpusSummary corpus,
                      float[][][] clips, int[] grainClip, int[] grainStart, int[] grainToken,
                      float[] descriptors, int dims, float[] codebook, NeuralModel neural) {
        if (clips.length == 0 || clips[0].length < 1 || clips[0].length > 2) throw new IllegalArgumentException("a model has 1 or 2 channels");
        for (float[][] c : clips) if (c.length != clips[0].length) throw new IllegalArgumentException("clips differ in channel count");
        if (neural != null && neural.tokens() != tokens) throw new IllegalArgumentException("network for " + neural.tokens() + " tokens, model has " + tokens);
        this.neural = neural;
        if (grainSize != 2 * hop) throw new IllegalArgumentException("grain size must be twice the hop");
        this.sampleRate = sampleRate;
        this.grainSize = grainSize;
        this.hop = hop;
        this.tokens = tokens;
        this.order = order;
        this.corpus = corpus;
        this.clips = clips;
        this.grainClip = grainClip;
        this.grainStart = grainStart;
        this.grainToken = grainToken;
        this.descriptors = descriptors;
        this.dims = dims;
        this.codebook = codebook;
        this.markov = new MarkovModel(tokens, order, sequences());
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
    }

    /** Token t's grains' predecessor descriptors, {@code grainsOf(t).length x dims} (read only). */
    float[] predecessorsOf(int t) { return predecessorsOfToken[t]; }

    /** Whether the j-th grain of token t starts its clip. */
    boolean startsClip(int t, int j) { return startsClipOfToken[t][j]; }

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
    public MarkovModel markov() { return markov; }
    /** The recurrent network, or null when the model has none. */
    public NeuralModel neural() { return neural; }

    /** This model with a recurrent network, which then generates instead of the Markov model. */
    public GrainModel withNeural(NeuralModel n) {
        return new GrainModel(sampleRate, grainSize, hop, tokens, order, corpus, clips, grainClip, grainStart, grainToken,
                descriptors, dims, codebook, n);
    }

    public int clipCount() { return clips.length; }
    /** 1 (mono) or 2 (stereo). */
    public int channels() { return clips[0].length; }
    /** Channel {@code ch} of clip {@code c}'s corpus audio (read only). */
    public float[] clip(int c, int ch) { return clips[c][ch]; }
    /** Frames of clip c. */
    public int clipFrames(int c) { return clips[c][0].length; }
    public int grainClip(int g) { return grainClip[g]; }
    public int grainStart(int g) { return grainStart[g]; }
    public int grainToken(int g) { return grainToken[g]; }
    /** The grains of token t, in corpus order (read only). */
    public int[] grainsOf(int t) { return grainsOfToken[t]; }
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
