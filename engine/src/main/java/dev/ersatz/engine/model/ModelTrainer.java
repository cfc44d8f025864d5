package dev.ersatz.engine.model;

import dev.ersatz.engine.analysis.Interval;
import dev.ersatz.engine.analysis.Onsets;
import dev.ersatz.engine.analysis.Texture;
import dev.ersatz.engine.analysis.Trim;
import dev.ersatz.engine.analysis.TrimOptions;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.util.Progress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Trains a {@link GrainModel}: keeps every clip's audio (stereo if any clip is) at 16-bit precision,
 * splits each file at its silences into phrases (librosa's split, as {@code ersatz split}: a file's
 * silent head and tail never reach the model, and the silences inside it are kept as gaps), finds
 * every phrase's onsets, cuts each phrase into Hann grains at a hop of half a grain with the grid
 * restarting on every onset (so percussive material has grains that start on its hits), describes
 * them ({@link GrainDescriber}, batched on ND4J), learns K tokens by k-means ({@link KMeans}), maps
 * every grain to its token, and counts the token sequences ({@link MarkovModel}). Control thread.
 */
public final class ModelTrainer {
    private static final int BATCH = 512;

    /** One training clip, already at the model's sample rate. */
    public record Source(Path path, AudioData audio) { }

    /** What to train: tokens K, Markov order N, seed, grain size (a power of two), sample rate. */
    public record Options(int tokens, int order, long seed, int grainSize, int sampleRate) {
        public static final int DEFAULT_TOKENS = 64;
        public static final int DEFAULT_ORDER = 3;
        public static final int DEFAULT_GRAIN = 2048;

        public Options {
            if (tokens < 2 || tokens > 4096) throw new IllegalArgumentException("tokens must be 2..4096, not " + tokens);
            if (order < 1 || order > 4) throw new IllegalArgumentException("order must be 1..4, not " + order);
            if (grainSize < 64 || Integer.bitCount(grainSize) != 1) throw new IllegalArgumentException("grain size must be a power of two ≥ 64");
            if (sampleRate < 8000 || sampleRate > 384000) throw new IllegalArgumentException("sample rate " + sampleRate);
        }

        public static Options defaults(int sampleRate) {
            return new Options(DEFAULT_TOKENS, DEFAULT_ORDER, 0, DEFAULT_GRAIN, sampleRate);
        }
    }

    private ModelTrainer() { }

    public static GrainModel train(List<Source> sources, Options o, Progress progress) {
        Nd4jThreads.single();
        int g = o.grainSize(), hop = g / 2;
        // Stereo when any source is (the first two channels; mono sources play on both sides).
        int channels = 1;
        for (Source s : sources) if (s.audio().channelCount() >= 2) channels = 2;
        List<float[][]> clips = new ArrayList<>();
        List<float[]> monos = new ArrayList<>(); // what grains are described from
        List<Integer> gapsAfter = new ArrayList<>();
        List<int[]> grainsOfClip = new ArrayList<>(); // per clip: grain starts, then attack flags (1/0)
        List<CorpusSummary.Entry> entries = new ArrayList<>();
        Texture.Builder texture = new Texture.Builder();
        List<float[][]> quantised = new ArrayList<>();
        List<float[]> monoOf = new ArrayList<>();
        double reference = 0;
        MessageDigest all = sha256();
        byte[] chunk = new byte[1 << 16];
        for (Source s : sources) {
            if (s.audio().sampleRate() != o.sampleRate()) {
                throw new IllegalArgumentException(s.path() + ": at " + s.audio().sampleRate() + " Hz, the model is " + o.sampleRate() + " Hz (resample first)");
            }
            if (s.audio().frames() == 0) continue;
            int n = s.audio().frames();
            MessageDigest one = sha256();
            int own = Math.min(2, s.audio().channelCount());
            float[][] q = new float[own][n];
            float[] mono = new float[n];
            for (int ch = 0; ch < own; ch++) {
                float[] src = s.audio().channels()[ch];
                for (int i = 0; i < n; ) {
                    int m = Math.min(chunk.length / 2, n - i);
                    for (int j = 0; j < m; j++, i++) {
                        short v = Pcm16.quantise(src[i]);
                        q[ch][i] = Pcm16.toFloat(v);
                        mono[i] += q[ch][i] / own;
                        chunk[2 * j] = (byte) v;
                        chunk[2 * j + 1] = (byte) (v >> 8);
                    }
                    one.update(chunk, 0, 2 * m);
                }
            }
            String hash = HexFormat.of().formatHex(one.digest());
            all.update(hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            entries.add(new CorpusSummary.Entry(s.path().toString(), n / (double) o.sampleRate(), hash));
            quantised.add(q);
            monoOf.add(mono);
            reference = Math.max(reference, Trim.reference(q, TrimOptions.DEFAULT));
        }
        for (int f = 0; f < quantised.size(); f++) {
            float[][] q = quantised.get(f);
            float[] mono = monoOf.get(f);
            int own = q.length;
            // Silence is judged against the corpus's loudest frame: a quiet file's tail that would be
            // silent beside the corpus's loudest sound does not reach the model.
            List<Interval> phrases = Trim.split(q, TrimOptions.DEFAULT, reference);
            texture.addTrimmed(q, o.sampleRate());
            if (phrases.isEmpty()) continue; // silent beside the rest of the corpus: nothing to learn from this file
            int[] onsets = Onsets.detect(mono, o.sampleRate());
            for (int p = 0; p < phrases.size(); p++) {
                Interval ph = phrases.get(p);
                int len = ph.length();
                int padded = len <= g ? g : g + (int) Math.ceil((len - g) / (double) hop) * hop;
                float[][] x = new float[channels][];
                for (int ch = 0; ch < own; ch++) {
                    x[ch] = new float[padded];
                    System.arraycopy(q[ch], ph.start(), x[ch], 0, len);
                }
                for (int ch = own; ch < channels; ch++) x[ch] = x[0];
                float[] xm = new float[padded];
                System.arraycopy(mono, ph.start(), xm, 0, len);
                clips.add(x);
                monos.add(xm);
                gapsAfter.add(p + 1 < phrases.size() ? phrases.get(p + 1).start() - ph.end() : 0);
                grainsOfClip.add(grid(onsets, ph.start(), padded, g, hop));
            }
            quantised.set(f, null); // its phrases are copied: let the file's audio go
            monoOf.set(f, null);
        }
        if (clips.isEmpty()) throw new IllegalArgumentException("no audio to train on (every clip is empty or silent)");

        int count = 0;
        for (int[] starts : grainsOfClip) count += starts.length / 2;
        int[] gc = new int[count], gs = new int[count];
        boolean[] attack = new boolean[count];
        int at = 0;
        for (int c = 0; c < clips.size(); c++) {
            int[] grid = grainsOfClip.get(c);
            int k = grid.length / 2;
            for (int i = 0; i < k; i++, at++) {
                gc[at] = c;
                gs[at] = grid[i];
                attack[at] = grid[k + i] != 0;
            }
        }
        float[][] audio = monos.toArray(new float[0][]);
        GrainDescriber describer = new GrainDescriber(g, o.sampleRate());
        int dims = GrainDescriber.DIMS;
        float[] desc = new float[count * dims];
        for (int from = 0; from < count; from += BATCH) {
            int n = Math.min(BATCH, count - from);
            System.arraycopy(describer.describe(audio, gc, gs, from, n), 0, desc, from * dims, n * dims);
            progress.update(from + n, count, "describing grains");
        }
        standardise(desc, count, dims);
        KMeans.Result km = KMeans.fit(desc, count, dims, o.tokens(), o.seed(), 60, progress);
        int[] gaps = new int[gapsAfter.size()];
        for (int c = 0; c < gaps.length; c++) gaps[c] = gapsAfter.get(c);
        return new GrainModel(o.sampleRate(), g, hop, km.k(), o.order(),
                new CorpusSummary(entries, HexFormat.of().formatHex(all.digest())),
                clips.toArray(new float[0][][]), gaps, gc, gs, km.assignment(), attack, desc, dims, km.centres(), texture.build(), null);
    }

    /**
     * The grain grid of one phrase (starting at file frame {@code from}, {@code padded} frames long):
     * a grain every hop from the phrase's start, restarting on every onset at least a hop after the
     * previous restart that leaves room for a whole grain. Before each onset one grain starts exactly
     * a hop earlier, so played in order its second half lines up with the onset grain's first half
     * (no flam: the hit is not heard in the grain before it). Returns the starts (phrase frames)
     * followed by as many attack flags (1 for the phrase start and every onset grain).
     */
    static int[] grid(int[] onsets, int from, int padded, int g, int hop) {
        List<Integer> restarts = new ArrayList<>();
        restarts.add(0);
        for (int o : onsets) {
            int r = o - from;
            if (r >= restarts.get(restarts.size() - 1) + hop && r + g <= padded) restarts.add(r);
        }
        List<Integer> starts = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        for (int i = 0; i < restarts.size(); i++) {
            int r = restarts.get(i);
            boolean last = i + 1 == restarts.size();
            int limit = last ? padded - g : restarts.get(i + 1) - hop; // the last start of this run
            int p = r;
            for (; p <= limit; p += hop) {
                starts.add(p);
                flags.add(p == r ? 1 : 0);
            }
            if (!last && p - hop < limit && limit > r) { // the grain a hop before the next onset
                starts.add(limit);
                flags.add(0);
            }
        }
        int[] out = new int[2 * starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            out[i] = starts.get(i);
            out[starts.size() + i] = flags.get(i);
        }
        return out;
    }

    /** Every descriptor dimension to zero mean and unit variance over the corpus, so no unit dominates k-means. */
    private static void standardise(float[] d, int n, int dims) {
        for (int j = 0; j < dims; j++) {
            double sum = 0, sq = 0;
            for (int i = 0; i < n; i++) {
                double v = d[i * dims + j];
                sum += v;
                sq += v * v;
            }
            double mean = sum / n;
            double sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
            double scale = sd > 1e-6 ? 1 / sd : 0;
            for (int i = 0; i < n; i++) d[i * dims + j] = (float) ((d[i * dims + j] - mean) * scale);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
